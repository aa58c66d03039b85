import fs from 'node:fs';
import iconv from 'iconv-lite';
import { detectFormat } from '../../../src/ingest/parsers';
import { corpusPath } from '../../helpers/corpora';

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>';
const RDF = '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel/></rdf:RDF>';
const ATOM = '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>';
const JSON_FEED = '{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": []}';
const HTML = '<!DOCTYPE html><html lang="en"><head><title>News</title></head><body></body></html>';
const bytes = (text: string) => Buffer.from(text);

// One document per line: what it is, whatever the server called it.
const CASES: [string, Buffer, string | null, string][] = [
  ['RSS 2.0', bytes(RSS), 'application/rss+xml', 'RSS'],
  ['RSS 1.0 (RDF)', bytes(RDF), 'application/rdf+xml', 'RSS'],
  ['Atom', bytes(ATOM), 'application/atom+xml', 'ATOM'],
  ['JSON Feed', bytes(JSON_FEED), 'application/feed+json', 'JSON_FEED'],
  ['HTML', bytes(HTML), 'text/html; charset=utf-8', 'HTML'],
  // The Content-Type lies
  ['RSS served as text/html', bytes(RSS), 'text/html; charset=utf-8', 'RSS'],
  ['Atom served as text/plain', bytes(ATOM), 'text/plain', 'ATOM'],
  ['RSS served as application/octet-stream', bytes(RSS), 'application/octet-stream', 'RSS'],
  ['an HTML error page served as application/rss+xml', bytes(HTML), 'application/rss+xml', 'HTML'],
  ['JSON Feed served as application/json', bytes(JSON_FEED), 'application/json', 'JSON_FEED'],
  ['JSON Feed served as text/plain', bytes(JSON_FEED), 'text/plain', 'JSON_FEED'],
  ['JSON Feed with escaped slashes (PHP)', bytes('{"version":"https:\\/\\/jsonfeed.org\\/version\\/1","items":[]}'), null, 'JSON_FEED'],
  ['JSON Feed 1.0 with the version last', bytes('{"items": [], "version": "https://jsonfeed.org/version/1"}'), null, 'JSON_FEED'],
  ['other JSON served as application/json', bytes('{"data": [1, 2]}'), 'application/json', 'UNKNOWN'],
  ['a JSON Feed that lost its version, served as application/feed+json', bytes('{"items": []}'), 'application/feed+json', 'JSON_FEED'],
  // Byte order marks, encodings, prologs
  ['RSS with a UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes(RSS)]), null, 'RSS'],
  ['Atom in UTF-16 with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(ATOM, 'utf-16le')]), null, 'ATOM'],
  ['JSON Feed with a UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes(JSON_FEED)]), 'application/json', 'JSON_FEED'],
  ['RSS after blank lines, a stylesheet, comments and a DOCTYPE', bytes(`\n\n<?xml version="1.0"?>\n<?xml-stylesheet href="s.xsl"?><!-- generated --><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n${RSS.slice(21)}`), null, 'RSS'],
  ['Atom with a prefixed root element', bytes('<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"/>'), null, 'ATOM'],
  // Pages and other documents
  ['an HTML page without a DOCTYPE', bytes('<html><body>Moved</body></html>'), null, 'HTML'],
  ['an HTML fragment that starts at <head>', bytes('<head><title>Document Moved</title></head><body>here</body>'), null, 'HTML'],
  ['an XHTML page', bytes('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'), 'application/xhtml+xml', 'HTML'],
  ['markup the server calls text/html', bytes('<div>News</div>'), 'text/html', 'HTML'],
  ['an OPML outline', bytes('<?xml version="1.0"?><opml version="2.0"><body/></opml>'), 'text/xml', 'UNKNOWN'],
  ['plain text', bytes('Service Unavailable'), 'text/html', 'UNKNOWN'],
  ['an empty body', Buffer.alloc(0), 'application/rss+xml', 'UNKNOWN'],
];

describe('detectFormat', () => {
  it.each(CASES)('%s', (_, body, contentType, expected) => {
    expect(detectFormat(body, contentType)).toBe(expected);
  });

  it('recognizes the corpus "unrecognized.rss" (a Document Moved page) as HTML', () => {
    const body = fs.readFileSync(corpusPath('feeds', 'input', 'unrecognized.rss'));
    expect(detectFormat(body, 'application/rss+xml')).toBe('HTML');
  });
});
