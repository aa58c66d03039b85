import { InitialSchema1764270000000 } from './1764270000000-InitialSchema';

/** Every migration in the order it was written; append only. */
export const MIGRATIONS = [InitialSchema1764270000000];
