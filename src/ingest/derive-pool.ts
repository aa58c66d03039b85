import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import type { DeriveTask, PageTask } from './derive-worker';
import { DerivedEntry, deriveEntry, EntryContext, EntryToDerive } from './entry-article';
import { extractArticle } from './extract/extract-article';
import type { ExtractedArticle } from './types';

/**
 * Below this many entries a feed's articles are derived on the calling thread: handing them to the pool and
 * back costs more than it saves (a 1,000-entry feed takes about 200 ms to derive on one core).
 */
const PARALLEL_FROM = 200;
/** Entries per task at most: small enough that the threads finish together, large enough that a task is not mostly copying. */
const TASK_SIZE = 250;
/** A thread the pool did not use for this long ends; the next large feed starts it again (about 100 ms). */
const IDLE_MS = 60_000;

/** The compiled worker: the pool runs only from the build (dist/), where it exists; from sources, deriving stays inline. */
const WORKER = join(__dirname, 'derive-worker.js');

let pool: Piscina<DeriveTask | PageTask, DerivedEntry[] | ExtractedArticle> | null | undefined;
/** Tasks done by pools closed since. */
let tasksDone = 0;

/** The pool of threads deriving articles, started on first use; null where there is no compiled worker or one core. */
function derivePool(): Piscina<DeriveTask | PageTask, DerivedEntry[] | ExtractedArticle> | null {
  if (pool !== undefined) return pool;
  const threads = Math.min(4, availableParallelism());
  // Idle threads are unreferenced by Piscina, so the pool never keeps a process alive.
  pool = threads > 1 && existsSync(WORKER) ? new Piscina({ filename: WORKER, minThreads: 0, maxThreads: threads, idleTimeout: IDLE_MS }) : null;
  return pool;
}

/**
 * The articles of `entries`, in their order, as entryArticle derives them: on the calling thread for a small
 * feed, else in tasks shared out among the pool's threads (the caller's thread is then free for requests).
 * Sanitizing and laying out text are most of the cost of reading a large full-content feed.
 */
export async function deriveEntryArticles(entries: EntryToDerive[], context: EntryContext): Promise<DerivedEntry[]> {
  const threads = entries.length >= PARALLEL_FROM ? derivePool() : null;
  if (!threads) return entries.map((entry) => deriveEntry(entry, context));
  // Every thread gets a share, however few entries there are.
  const size = Math.min(TASK_SIZE, Math.ceil(entries.length / threads.options.maxThreads));
  const tasks: Promise<DerivedEntry[]>[] = [];
  for (let start = 0; start < entries.length; start += size) {
    tasks.push(threads.run({ entries: entries.slice(start, start + size), context }) as Promise<DerivedEntry[]>);
  }
  return (await Promise.all(tasks)).flat();
}

/**
 * An article page read as extractArticle reads it, on a thread of the pool where there is one: a page takes tens
 * of milliseconds to read, and a hostile one that passes the page limits (dom.ts) a few seconds, which the thread
 * serving requests must not spend. Throws what extractArticle throws (from a thread: an Error of the same message).
 */
export async function extractPageArticle(html: string, url: string): Promise<ExtractedArticle> {
  const threads = derivePool();
  if (!threads) return extractArticle(html, url);
  return threads.run({ html, url }, { name: 'extractPage' }) as Promise<ExtractedArticle>;
}

/** Tasks the pool's threads have finished since the process started (tests check the pool did the work). */
export function derivePoolTasksDone(): number {
  return tasksDone + (pool?.completed ?? 0);
}

/** Ends the pool's threads now (tests); a process need not call it, idle threads never hold it open. */
export async function closeDerivePool(): Promise<void> {
  const running = pool;
  tasksDone += running?.completed ?? 0;
  pool = undefined;
  await running?.destroy();
}
