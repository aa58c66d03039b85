/** Reads a story-clustering file (tests/corpora/story-clustering/README.md gives its columns) in time order. */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { corpusPath } from '../../tests/helpers/corpora';

/** One labelled headline. */
export interface LabelledHeadline {
  id: string;
  title: string;
  publisher: string;
  category: string;
  story: string;
  publishedAt: number;
}

/** The corpus carried in the repository. */
export function defaultCorpusFile(): string {
  return corpusPath('story-clustering', 'headlines.csv');
}

/** The file's headlines sorted by TIMESTAMP, then by ID (the order a feed reader would meet them in). */
export function loadHeadlines(file: string): LabelledHeadline[] {
  const rows: Record<string, string>[] = parse(readFileSync(file), { columns: true, skip_empty_lines: true });
  const headlines = rows.map((row, index) => {
    for (const column of ['ID', 'TITLE', 'STORY', 'TIMESTAMP']) {
      if (row[column] === undefined) throw new Error(`${file}: row ${index + 2} has no ${column} column; expected ID, TITLE, STORY, TIMESTAMP and the others of the README.`);
    }
    const publishedAt = Number(row.TIMESTAMP);
    if (!Number.isFinite(publishedAt)) throw new Error(`${file}: row ${index + 2} has TIMESTAMP "${row.TIMESTAMP}"; expected milliseconds since 1970.`);
    return { id: row.ID, title: row.TITLE, publisher: row.PUBLISHER ?? '', category: row.CATEGORY ?? '', story: row.STORY, publishedAt };
  });
  return headlines.sort((a, b) => a.publishedAt - b.publishedAt || Number(a.id) - Number(b.id) || (a.id < b.id ? -1 : 1));
}
