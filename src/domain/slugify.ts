import { cutText } from './cut-text';

/**
 * Lower-case, dash-separated form of a name or title, at most `maxWords` words and 80 characters: a category's
 * slug (what `filter: { categories: [slug] }` matches) and the demo data's URL paths. Accents are dropped and
 * ß becomes ss, as Unicode case folding has it, so "STRASSE" and "Straße" are one category.
 */
export function slugify(text: string, maxWords = Infinity): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '')
    .slice(0, maxWords)
    .join('-');
  return cutText(slug, 80);
}
