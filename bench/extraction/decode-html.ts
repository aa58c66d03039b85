import iconv from 'iconv-lite';

/** Bytes searched for a charset declaration, as the HTML spec's prescan does (1024) with room for long heads. */
const PRESCAN_BYTES = 4096;

/** The charset a page declares in a BOM or a `<meta charset>` / `<meta http-equiv=Content-Type>`, if any. */
export function declaredCharset(bytes: Buffer): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const head = bytes.subarray(0, PRESCAN_BYTES).toString('latin1');
  const match = /<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head);
  return match ? match[1].toLowerCase() : null;
}

/** Decodes an HTML page: its declared charset when iconv-lite knows it, else UTF-8. */
export function decodeHtml(bytes: Buffer): string {
  const charset = declaredCharset(bytes);
  // iso-8859-1 is decoded as windows-1252, as browsers do (WHATWG Encoding).
  const encoding = charset === 'iso-8859-1' || charset === 'latin1' || charset === 'us-ascii' ? 'windows-1252' : charset;
  const text = encoding !== null && encoding !== 'utf-8' && encoding !== 'utf8' && iconv.encodingExists(encoding)
    ? iconv.decode(bytes, encoding)
    : bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
