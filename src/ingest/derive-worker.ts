import { DerivedEntry, deriveEntry, EntryContext, EntryToDerive } from './entry-article';

/** A share of one feed's entries, derived on a thread of the derive pool. */
export interface DeriveTask {
  entries: EntryToDerive[];
  context: EntryContext;
}

/** Piscina calls the default export with each task; what it returns is copied back to the caller's thread. */
export default function derive({ entries, context }: DeriveTask): DerivedEntry[] {
  return entries.map((entry) => deriveEntry(entry, context));
}
