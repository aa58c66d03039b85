import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import type { DeriveTask, FetchedTask, PageOutcome, PageTask, ReadOutcome } from './derive-worker';
import { DerivedEntry, deriveEntry, EntryContext, EntryToDerive } from './entry-article';
import { PageRefusedError } from './extract/dom';
import { extractArticle } from './extract/extract-article';
import { fetchedPageArticle } from './fetched-page';
import { FeedParseError } from './parsers/feed-parse-error';
import { readDocument, type ReadDocument } from './parsers/read-document';
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

type Task = DeriveTask | PageTask | FetchedTask;
type Outcome = DerivedEntry[] | PageOutcome | ReadOutcome;

let pool: Piscina<Task, Outcome> | null | undefined;
/**
 * From this size a fetched document is read on a thread of the pool: a feed parses at about 25 MB/s here, so 64 KiB
 * take about 2.5 ms on the calling thread, and the hop to a thread and back (copying the bytes there and the parsed
 * entries back) about 0.5 ms.
 */
const READ_ON_THREAD_FROM = 64 * 1024;

/** Tasks done by pools closed since. */
let tasksDone = 0;

/** The pool of threads deriving articles, started on first use; null where there is no compiled worker or one core. */
function derivePool(): Piscina<Task, Outcome> | null {
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
 * serving requests must not spend. Throws what extractArticle throws (from a thread: a PageRefusedError as such, anything else as an Error of the same message).
 */
export async function extractPageArticle(html: string, url: string): Promise<ExtractedArticle> {
  const threads = derivePool();
  if (!threads) return extractArticle(html, url);
  return articleOf((await threads.run({ html, url }, { name: 'extractPage' })) as PageOutcome);
}

/** The article a thread read, or the PageRefusedError it met, thrown again here as such. */
function articleOf(outcome: PageOutcome): ExtractedArticle {
  if ('pageRefused' in outcome) throw new PageRefusedError(outcome.pageRefused);
  return outcome.article;
}

/** The bytes as a thread gets them: a view of part of a larger buffer is copied, so that only its bytes cross. */
function ownBytes(body: Buffer): Uint8Array {
  return body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? body : new Uint8Array(body);
}

/**
 * Fetched bytes read as readDocument reads them (the one reader), on a thread of the pool when they are large: a
 * 15 MB feed takes about half a second to parse, and a hostile one within the limits several seconds, which the
 * thread serving requests must not spend (with four refreshes at once, they also parse side by side). Throws what
 * readDocument throws: a FeedParseError as such, anything else as an Error of the same message.
 */
export async function readFetchedDocument(body: Buffer, contentType: string | null, url: string): Promise<ReadDocument> {
  const threads = body.length >= READ_ON_THREAD_FROM ? derivePool() : null;
  if (!threads) return readDocument(body, contentType, url);
  const outcome = (await threads.run({ body: ownBytes(body), contentType, url }, { name: 'readFetched' })) as ReadOutcome;
  if ('feedParseError' in outcome) throw new FeedParseError(outcome.feedParseError);
  return outcome.document;
}

/**
 * The article of fetched bytes that should be an article page (a full-text source's link), read and extracted on a
 * thread of the pool where there is one (see extractPageArticle), in one task. Throws when they are not a page.
 */
export async function extractFetchedPage(body: Buffer, contentType: string | null, url: string): Promise<ExtractedArticle> {
  const threads = derivePool();
  if (!threads) return fetchedPageArticle(body, contentType, url);
  return articleOf((await threads.run({ body: ownBytes(body), contentType, url }, { name: 'extractFetchedPage' })) as PageOutcome);
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
