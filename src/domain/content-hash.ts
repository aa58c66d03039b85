import { createHash } from 'node:crypto';

/** The fingerprint of what a reader sees of an article: an article whose hash is unchanged is not rewritten. */
export function contentHash(article: { title: string; bodyText: string | null; summary: string | null }): string {
  return createHash('sha256').update(`${article.title}\n${article.bodyText ?? ''}\n${article.summary ?? ''}`).digest('hex');
}
