import iconv from 'iconv-lite';
import { decodeText, parseFeed } from '../../../src/ingest/parsers';

const RUSSIAN = 'Новости дня: всё о главном — «цитата»';
// KOI8-R has no dashes or guillemets.
const RUSSIAN_KOI8 = 'Новости дня: всё о главном';
const PORTUGUESE = 'Mãe de utente é a nova presidente da Raríssimas; ação à São João';

/** An RSS document with that title and an optional XML declaration encoding, encoded as `encoding`. */
function rss(title: string, encoding: string, declared: string | null = encoding): Buffer {
  const declaration = declared ? `<?xml version="1.0" encoding="${declared}"?>\n` : '';
  const xml = `${declaration}<rss version="2.0"><channel><title>${title}</title><item><title>${title}</title></item></channel></rss>`;
  return iconv.encode(xml, encoding);
}

function titles(body: Buffer, contentType: string | null): (string | null)[] {
  const feed = parseFeed(body, contentType, 'https://example.test/feed');
  return [feed.title, ...feed.entries.map((entry) => entry.title)];
}

describe('feed titles in legacy encodings read as the original text', () => {
  it('Windows-1251 declared in the XML declaration', () => {
    expect(titles(rss(RUSSIAN, 'windows-1251'), null)).toEqual([RUSSIAN, RUSSIAN]);
  });

  it('Windows-1251 named only by the HTTP Content-Type charset', () => {
    expect(titles(rss(RUSSIAN, 'windows-1251', null), 'application/rss+xml; charset=windows-1251')).toEqual([RUSSIAN, RUSSIAN]);
  });

  it('ISO-8859-1 declared in the XML declaration', () => {
    expect(titles(rss(PORTUGUESE, 'iso-8859-1'), null)).toEqual([PORTUGUESE, PORTUGUESE]);
  });

  it('ISO-8859-1 named only by the HTTP Content-Type charset (quoted, upper case)', () => {
    expect(titles(rss(PORTUGUESE, 'iso-8859-1', null), 'text/xml; charset="ISO-8859-1"')).toEqual([PORTUGUESE, PORTUGUESE]);
  });

  it('the Content-Type charset over a wrong XML declaration', () => {
    const body = rss(RUSSIAN_KOI8, 'koi8-r', 'ISO-8859-1');
    expect(titles(body, 'application/xml; charset=KOI8-R')).toEqual([RUSSIAN_KOI8, RUSSIAN_KOI8]);
  });
});

describe('decodeText', () => {
  const text = '<?xml version="1.0"?><p>é — ж</p>';

  it('reads UTF-8 when nothing is declared', () => {
    expect(decodeText(Buffer.from(text), null)).toBe(text);
  });

  it('reads and drops a UTF-8 BOM, over the Content-Type charset', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    expect(decodeText(body, 'text/xml; charset=iso-8859-1')).toBe(text);
  });

  it('reads UTF-16 from its BOM, little- and big-endian', () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]), null)).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]), null)).toBe(text);
  });

  it('reads UTF-16 without a BOM from how `<?xml` is laid out (XML 1.0 Appendix F)', () => {
    const xml = '<?xml version="1.0" encoding="UTF-16"?><p>é — ж</p>';
    expect(decodeText(iconv.encode(xml, 'utf-16le'), null)).toBe(xml);
    expect(decodeText(iconv.encode(xml, 'utf-16be'), null)).toBe(xml);
  });

  it('ignores a UTF-16 declaration in a document whose bytes are ASCII-compatible', () => {
    const xml = '<?xml version="1.0" encoding="UTF-16"?><p>é</p>';
    expect(decodeText(Buffer.from(xml), null)).toBe(xml);
  });

  it('does not believe a Content-Type of UTF-16 for bytes that cannot be UTF-16', () => {
    const xml = '<?xml version="1.0"?><rss><channel><title>Café — жизнь</title></channel></rss>';
    for (const charset of ['utf-16', 'UTF-16LE', 'utf-16be', '"utf-16"']) {
      expect(decodeText(Buffer.from(xml), `application/rss+xml; charset=${charset}`)).toBe(xml);
    }
    // The document's own declaration is read instead.
    const legacy = '<?xml version="1.0" encoding="windows-1251"?><title>жизнь</title>';
    expect(decodeText(iconv.encode(legacy, 'windows-1251'), 'text/xml; charset=utf-16')).toBe(legacy);
    // UTF-16 it can be is still read as the header says.
    expect(decodeText(iconv.encode(xml, 'utf-16le'), 'application/rss+xml; charset=utf-16le')).toBe(xml);
    expect(decodeText(iconv.encode(xml, 'utf-16be'), 'application/rss+xml; charset=utf-16be')).toBe(xml);
  });

  it('reads the charset of an HTML <meta charset> or http-equiv Content-Type', () => {
    const html = `<html><head><meta charset="windows-1251"><title>${RUSSIAN}</title></head></html>`;
    expect(decodeText(iconv.encode(html, 'windows-1251'), 'text/html')).toBe(html);
    const legacy = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><title>${RUSSIAN_KOI8}</title>`;
    expect(decodeText(iconv.encode(legacy, 'koi8-r'), null)).toBe(legacy);
  });

  it('does not take a <meta charset> inside an XML document for its encoding', () => {
    const xml = '<?xml version="1.0"?><rss><channel><description><![CDATA[<meta charset="windows-1252">]]> é</description></channel></rss>';
    expect(decodeText(Buffer.from(xml), null)).toBe(xml);
  });

  it('reads ISO-8859-1 as Windows-1252, as browsers do, so its curly quotes survive', () => {
    const body = Buffer.from([0x93, 0x61, 0x94, 0x20, 0xe9]); // “a” é
    expect(decodeText(body, 'text/plain; charset=ISO-8859-1')).toBe('\u201ca\u201d é');
  });

  it('passes over a charset label it does not know to the next source', () => {
    expect(decodeText(rss(RUSSIAN, 'windows-1251'), 'text/xml; charset=x-unknown-charset')).toBe(
      `<?xml version="1.0" encoding="windows-1251"?>\n<rss version="2.0"><channel><title>${RUSSIAN}</title><item><title>${RUSSIAN}</title></item></channel></rss>`,
    );
  });

  it('reads undeclared bytes that are not UTF-8 as Windows-1252 rather than replacement characters', () => {
    expect(decodeText(iconv.encode(`<rss><title>${PORTUGUESE}</title></rss>`, 'latin1'), null)).toBe(`<rss><title>${PORTUGUESE}</title></rss>`);
  });
});
