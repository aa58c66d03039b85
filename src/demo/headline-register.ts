import { createHash } from 'node:crypto';

/**
 * How many headlines to draw for one row before keeping a repeat: only a source that has used up the
 * headlines its grammar can write (hundreds of thousands of rows) gets that far.
 */
const MAX_DRAWS = 12;

/**
 * SQL for the digest of each (source, title) already stored for the given source ids, matching
 * `headlineDigest`: the first 32 bits of md5("<source id>/<title>"), as one int4 array.
 */
export const STORED_HEADLINE_DIGESTS = `
  SELECT coalesce(array_agg(('x' || left(md5(source_id || '/' || title), 8))::bit(32)::int), '{}') AS digests
  FROM (SELECT source_id, title FROM article UNION ALL SELECT source_id, title FROM news_item) stored
  WHERE source_id = ANY($1::int[])`;

/** The first 32 bits of md5("<source id>/<title>") as a signed integer, as `STORED_HEADLINE_DIGESTS` computes it. */
export function headlineDigest(sourceId: number, title: string): number {
  return createHash('md5').update(`${sourceId}/${title}`).digest().readInt32BE(0);
}

/**
 * The headlines each source has used, so that a news line never shows the same headline twice: a grammar
 * draws headlines at random, and a short one ("Inflation stagniert erneut") comes up again within days.
 * Holds 32-bit digests, a few bytes per headline; two headlines sharing a digest only cost one more draw.
 */
export class HeadlineRegister {
  private readonly taken: Set<number>;

  constructor(stored: Iterable<number> = []) {
    this.taken = new Set(stored);
  }

  /** Draws headlines for the source until one it has not used comes up, and marks that one used. */
  claim(sourceId: number, draw: () => string): string {
    let title = draw();
    for (let attempt = 1; attempt < MAX_DRAWS && this.taken.has(headlineDigest(sourceId, title)); attempt++) title = draw();
    this.taken.add(headlineDigest(sourceId, title));
    return title;
  }

  /** Marks a fixed headline used by the source. */
  add(sourceId: number, title: string): void {
    this.taken.add(headlineDigest(sourceId, title));
  }
}
