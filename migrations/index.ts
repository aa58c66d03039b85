import { InitialSchema1764270000000 } from './1764270000000-InitialSchema';
import { SourceRefreshState1764280000000 } from './1764280000000-SourceRefreshState';

/** Every migration in the order it was written; append only. */
export const MIGRATIONS = [InitialSchema1764270000000, SourceRefreshState1764280000000];
