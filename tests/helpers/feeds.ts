/** Small feed documents for pipeline tests; real-world files are read from tests/corpora instead. */

export interface TestEntry {
  guid?: string;
  title: string;
  link: string;
  pubDate: string;
  description?: string;
  content?: string;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An RSS 2.0 document with the given entries. */
export function rss(entries: TestEntry[], options: { title?: string; link?: string; encoding?: string; language?: string } = {}): string {
  const items = entries
    .map(
      (e) => `<item>
  <title>${escape(e.title)}</title>
  <link>${escape(e.link)}</link>
  ${e.guid ? `<guid isPermaLink="false">${escape(e.guid)}</guid>` : ''}
  <pubDate>${e.pubDate}</pubDate>
  ${e.description ? `<description>${escape(e.description)}</description>` : ''}
  ${e.content ? `<content:encoded><![CDATA[${e.content}]]></content:encoded>` : ''}
</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="${options.encoding ?? 'UTF-8'}"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>${escape(options.title ?? 'Test feed')}</title>
  <link>${escape(options.link ?? 'https://news.example/')}</link>
  <language>${options.language ?? 'en'}</language>
  ${items}
</channel>
</rss>`;
}

/** A paragraph-rich article body of about `words` words. */
export function longBody(words: number, marker = 'story'): string {
  const sentence = `The ${marker} council met on Tuesday to discuss the harbour plan and its costs for the town.`;
  const perSentence = sentence.split(' ').length;
  const paragraphs: string[] = [];
  for (let n = 0; n * perSentence < words; n += 3) paragraphs.push(`<p>${sentence} ${sentence} ${sentence}</p>`);
  return paragraphs.join('\n');
}
