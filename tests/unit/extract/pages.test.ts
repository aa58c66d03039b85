import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractArticle } from '../../../src/ingest/extract';

/** What one page case expects: `fields` are compared exactly (dates as ISO strings); the rest are checks on the body. */
interface PageCase {
  pageUrl: string;
  fields: Record<string, unknown>;
  paragraphs?: number;
  bodyIncludes?: string[];
  bodyExcludes?: string[];
  htmlExcludes?: string[];
}

// Each folder under pages/ is one case: source.html and expected.json (adding a case is adding a folder).
const PAGES = join(__dirname, 'pages');
const cases = readdirSync(PAGES).map((name) => {
  const expected = JSON.parse(readFileSync(join(PAGES, name, 'expected.json'), 'utf8')) as PageCase;
  return { name, html: readFileSync(join(PAGES, name, 'source.html'), 'utf8'), expected };
});

describe.each(cases)('page $name', ({ html, expected }) => {
  const article = extractArticle(html, expected.pageUrl);
  const asJson = JSON.parse(JSON.stringify(article)) as Record<string, unknown>;
  const bodyText = article.bodyText ?? '';

  it.each(Object.entries(expected.fields))('has the expected %s', (field, value) => {
    expect(asJson[field]).toEqual(value);
  });

  if (expected.paragraphs !== undefined) {
    it(`has ${expected.paragraphs} paragraphs`, () => {
      expect(bodyText.split(/\n\s*\n/)).toHaveLength(expected.paragraphs as number);
    });
  }

  for (const text of expected.bodyIncludes ?? []) {
    it(`keeps "${text}" in the body`, () => expect(bodyText).toContain(text));
  }

  for (const text of expected.bodyExcludes ?? []) {
    const word = new RegExp(`\\b${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
    it(`keeps "${text}" out of the body`, () => expect(bodyText).not.toMatch(word));
  }

  for (const text of expected.htmlExcludes ?? []) {
    it(`keeps "${text}" out of the HTML`, () => expect(article.body ?? '').not.toContain(text));
  }
});
