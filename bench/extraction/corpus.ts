import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeText } from '../../src/ingest/parsers';
import { corpusPath } from '../../tests/helpers/corpora';

/** One benchmark page: its HTML as text and what a person marked as its article body. */
export interface CorpusPage {
  /** The file's hash name. */
  id: string;
  url: string;
  html: string;
  articleBody: string;
}

/** The corpus carried in the repository (tests/corpora/article-extraction). */
export function defaultCorpusDir(): string {
  return corpusPath('article-extraction');
}

/** Reads every html/*.html.gz page of the corpus with its ground-truth.json entry, in file-name order. */
export function loadCorpus(dir: string = defaultCorpusDir()): CorpusPage[] {
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<string, { url: string; articleBody: string }>;
  const files = readdirSync(join(dir, 'html')).filter((name) => name.endsWith('.html.gz')).sort();
  if (files.length === 0) throw new Error(`Expected gzipped pages in ${join(dir, 'html')}; found none.`);
  return files.map((file) => {
    const id = basename(file, '.html.gz');
    const entry = truth[id];
    if (entry === undefined) throw new Error(`Expected ground-truth.json to have an entry for ${id}; it has none.`);
    return { id, url: entry.url, html: decodeText(gunzipSync(readFileSync(join(dir, 'html', file))), null), articleBody: entry.articleBody };
  });
}
