import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Config } from '../../config/config';
import { errorMessage } from '../../domain/errors';
import { shown } from '../../domain/input-check';
import { readWebUrl } from '../../domain/web-url';
import { fetcherFromConfig } from '../../ingest';
import { extractArticle } from '../../ingest/extract';
import { FetchTooLargeError, type Fetcher } from '../../ingest/fetcher';
import { readBody } from '../../ingest/fetcher/read-body';
import { harvestFeedInParallel, harvestPage } from '../../ingest/harvest';
import { readDocument } from '../../ingest/parsers';
import { unreadableFile } from '../../domain/unreadable-file';
import { readArgs, UsageError, withUsage } from '../usage';
import { terminalJson, terminalText } from '../terminal-text';

const USAGE = `Usage: newsline extract [--base-url URL] <file-or-url>...
  Reads feeds and article pages (files, .gz files, or http(s) URLs) without storing anything, and prints one JSON
  line each: what a refresh would store of it. Files are read up to FETCH_MAX_BYTES, inflated or not.
  --base-url URL   what relative links in files resolve against
  Exit code: 0 every input read, 1 some could not be, 2 a wrong command line.`;

/**
 * The URL a local file is read as: relative links resolve against it. The reserved `.invalid`
 * domain marks it as made up; a page's own canonical link still gives the article its real URL.
 */
const fileBaseUrl = (input: string, baseUrl: string | undefined) => baseUrl ?? `https://local.invalid/${encodeURIComponent(basename(input))}`;

/** One input's bytes with its URL and content type. */
interface Loaded {
  body: Buffer;
  url: string;
  contentType: string | null;
}

/** The size of a file to read, or a one-line refusal for what cannot be read as one (missing, a folder, not allowed). */
async function fileFacts(input: string): Promise<{ size: number }> {
  let facts;
  try {
    facts = await stat(input);
  } catch (error) {
    throw fileProblem(error);
  }
  if (facts.isDirectory()) throw fileProblem({ code: 'EISDIR' });
  return { size: facts.size };
}

/** A file system failure on an input as one line that says what was expected; anything else as it is. */
function fileProblem(error: unknown): unknown {
  const problem = unreadableFile(error);
  return problem === null ? error : new Error(`${problem[0].toUpperCase()}${problem.slice(1)} (give a file or an http(s) URL).`);
}

/** Reads one input: a URL through the fetcher, or a file (gzipped or not) under the same byte cap as a fetch. */
async function load(input: string, fetcher: Fetcher, baseUrl: string | undefined, maxBytes: number): Promise<Loaded> {
  if (/^https?:\/\//i.test(input)) {
    const resource = await fetcher.fetch(input);
    return { body: resource.body, url: resource.url, contentType: resource.contentType };
  }
  const gzipped = input.endsWith('.gz');
  // A device or a pipe (/dev/zero, a fifo) has no size ahead: the cap stops it while it streams.
  const { size } = await fileFacts(input).catch((error: unknown) => {
    // `ftp://…` or `file:///…` is no file name: say what is read instead of "no such file".
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(input)?.[1];
    throw scheme ? new Error(`${scheme.toLowerCase()}: URLs are not read; give a file or an http(s) URL.`) : error;
  });
  // (Messages leave out the file's name: the JSON line and the line on standard error both give it.)
  if (!gzipped && size > maxBytes) throw new Error(`It is ${size} bytes; files are read up to ${maxBytes} bytes (FETCH_MAX_BYTES).`);
  try {
    // Inflated as it streams, so a small file that inflates to gigabytes stops at the cap instead of filling memory.
    const body = await readBody(createReadStream(input), { url: input, contentEncoding: gzipped ? 'gzip' : undefined, contentLength: undefined, maxBytes });
    return { body, url: fileBaseUrl(input, baseUrl), contentType: null };
  } catch (error) {
    if (error instanceof FetchTooLargeError) {
      throw new Error(`It ${gzipped ? 'inflates to' : 'holds'} more than ${maxBytes} bytes; files are read up to ${maxBytes} bytes (FETCH_MAX_BYTES).`);
    }
    throw fileProblem(error);
  }
}

/** What `extract` prints for one document: exactly what a refresh would store of it. */
export async function describeInput(input: string, { body, url, contentType }: Loaded, now: Date): Promise<Record<string, unknown>> {
  const document = readDocument(body, contentType, url);
  if (document.kind === 'feed') {
    const { feed, format } = document;
    const harvest = await harvestFeedInParallel(feed, url, { name: feed.title ?? '', language: null, fullText: false }, now);
    return {
      input,
      kind: 'feed',
      format,
      title: feed.title,
      homepageUrl: harvest.homepageUrl,
      language: harvest.language,
      items: harvest.items,
      articles: harvest.articles,
      headlinesOnly: harvest.headlinesOnly,
      errors: harvest.errors,
    };
  }
  if (document.kind === 'neither') throw new Error(`expected a feed or an HTML page; got ${document.description}`);
  const { article } = harvestPage(extractArticle(document.html, url), null, now);
  return { input, kind: 'article', ...article };
}

/**
 * `newsline extract [--base-url URL] <file-or-url>...`: one JSON line per input, in order, storing nothing.
 * Exits 0 when every input was read, 1 when some could not be, 2 on a usage error.
 */
export async function extract(args: string[], config: Config): Promise<number> {
  return withUsage(USAGE, args, () => extractInputs(args, config));
}

async function extractInputs(args: string[], config: Config): Promise<number> {
  const { values, positionals: inputs } = readArgs({ args, allowPositionals: true, options: { 'base-url': { type: 'string' } } });
  if (inputs.length === 0) throw new UsageError('`extract` needs a file or URL to read.');
  const baseUrl = values['base-url'];
  if (baseUrl !== undefined && readWebUrl(baseUrl).problem !== null) {
    throw new UsageError(`--base-url expects an absolute http(s) URL, such as https://www.example.com/feed.xml; got ${shown(baseUrl)}.`);
  }
  const fetcher = fetcherFromConfig(config);
  let failures = 0;
  try {
    for (const input of inputs) {
      let line: Record<string, unknown>;
      try {
        line = await describeInput(input, await load(input, fetcher, baseUrl, config.fetchMaxBytes), new Date());
      } catch (error) {
        failures++;
        line = { input, error: errorMessage(error) };
        process.stderr.write(terminalText(`newsline extract: ${input}: ${errorMessage(error)}\n`));
      }
      process.stdout.write(`${terminalJson(line)}\n`);
    }
  } finally {
    await fetcher.close();
  }
  return failures > 0 ? 1 : 0;
}
