import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../../config/config';
import { extractArticle } from '../../ingest/extract';
import { fetcherFromConfig } from '../../ingest';
import type { Fetcher } from '../../ingest/fetcher';
import { decodeText, detectFormat, parseFeed } from '../../ingest/parsers';
import { sanitizeHtml } from '../../ingest/sanitize';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The URL a local file is read as: relative links resolve against it. The reserved `.invalid`
 * domain marks it as made up; a page's own canonical link still gives the article its real URL.
 */
const fileBaseUrl = (input: string, baseUrl: string | undefined) => baseUrl ?? `https://local.invalid/${encodeURIComponent(basename(input))}`;

/** Reads one input (a URL, or a file, gzipped or not) as bytes with its URL and content type. */
async function load(input: string, fetcher: Fetcher, baseUrl: string | undefined): Promise<{ body: Buffer; url: string; contentType: string | null }> {
  if (/^https?:\/\//i.test(input)) {
    const resource = await fetcher.fetch(input);
    return { body: resource.body, url: resource.url, contentType: resource.contentType };
  }
  const raw = await readFile(input);
  return { body: input.endsWith('.gz') ? gunzipSync(raw) : raw, url: fileBaseUrl(input, baseUrl), contentType: null };
}

/** What `extract` prints for one document: a feed with its items, or an article. */
export function describeDocument(input: string, body: Buffer, url: string, contentType: string | null): Record<string, unknown> {
  const format = detectFormat(body, contentType);
  if (format === 'RSS' || format === 'ATOM' || format === 'JSON_FEED') {
    const feed = parseFeed(body, contentType, url);
    return {
      input,
      kind: 'feed',
      format,
      title: feed.title,
      items: feed.entries.map((e) => ({
        guid: e.guid,
        title: e.title,
        url: e.url,
        publishedAt: e.publishedAt?.toISOString() ?? null,
        author: e.author,
        summary: e.summary,
        body: e.contentHtml === null ? null : sanitizeHtml(e.contentHtml, e.url ?? url),
      })),
    };
  }
  const page = extractArticle(decodeText(body, contentType), url);
  return {
    input,
    kind: 'article',
    url: page.url,
    title: page.title,
    publishedAt: page.publishedAt?.toISOString() ?? null,
    author: page.author,
    category: page.category,
    language: page.language,
    imageUrl: page.imageUrl,
    attribution: page.attribution,
    body: page.body,
    bodyText: page.bodyText,
  };
}

/** `newsline extract [--base-url URL] <file-or-url>...`: one JSON line per input, in order, storing nothing. */
export async function extract(args: string[], config: Config): Promise<number> {
  const { values, positionals: inputs } = parseArgs({ args, allowPositionals: true, options: { 'base-url': { type: 'string' } } });
  if (inputs.length === 0) {
    process.stderr.write('Usage: newsline extract [--base-url URL] <file-or-url>...  (--base-url: what relative links in files resolve against)\n');
    return 2;
  }
  const fetcher = fetcherFromConfig(config);
  let failures = 0;
  try {
    for (const input of inputs) {
      let line: Record<string, unknown>;
      try {
        const { body, url, contentType } = await load(input, fetcher, values['base-url']);
        line = describeDocument(input, body, url, contentType);
      } catch (error) {
        failures++;
        line = { input, error: message(error) };
      }
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
  } finally {
    await fetcher.close();
  }
  return failures > 0 ? 1 : 0;
}
