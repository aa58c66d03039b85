import { TOPICS } from '../../src/demo/lexicon';
import { randomFor } from '../../src/demo/random';
import { pathSlug, writerFor } from '../../src/demo/writer';

/** What one generated feed looks like. */
export interface GeneratedFeedOptions {
  /** The feed's site, e.g. `https://www.harbour-herald.example`; item links live under it. */
  site: string;
  title: string;
  items: number;
  /** Smallest and largest body, in words. */
  bodyWords: readonly [number, number];
  seed: number;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const HOUR = 3600_000;
const FIRST_PUBLISHED = Date.UTC(2026, 0, 1);

/**
 * An RSS 2.0 feed of full-content items, as a news site publishes it: each item with a guid, link, date,
 * author, category, a short description and the whole article (a few hundred words of paragraphs, sub-headings,
 * quotes and links) in content:encoded. The same options always give the same bytes.
 */
export function generatedFeed(options: GeneratedFeedOptions): string {
  const items: string[] = [];
  for (let n = 0; n < options.items; n++) {
    const random = randomFor(options.seed, 7, n);
    const topic = random.pick(TOPICS);
    const writer = writerFor('en', topic);
    const title = writer.headline(random);
    const url = `${options.site}/${topic}/${pathSlug(title)}-${n}`;
    const text = writer.article(random, { words: random.int(options.bodyWords[0], options.bodyWords[1]), site: options.site, readAlso: null });
    // Some items name no author: readers then credit the channel's managingEditor.
    const author = random.chance(0.85) ? `\n  <dc:creator>${escapeXml(writer.authors(random))}</dc:creator>` : '';
    items.push(`<item>
  <title>${escapeXml(title)}</title>
  <link>${escapeXml(url)}</link>
  <guid isPermaLink="false">${options.seed}-${n}</guid>
  <pubDate>${new Date(FIRST_PUBLISHED + n * HOUR).toUTCString()}</pubDate>${author}
  <category>${topic}</category>
  <description>${escapeXml(text.summary)}</description>
  <content:encoded><![CDATA[${text.html}]]></content:encoded>
</item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>${escapeXml(options.title)}</title>
  <link>${escapeXml(options.site)}/</link>
  <description>Everything ${escapeXml(options.title)} publishes</description>
  <language>en</language>
  <managingEditor>desk@${new URL(options.site).hostname} (The news desk)</managingEditor>
${items.join('\n')}
</channel>
</rss>
`;
}
