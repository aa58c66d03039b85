import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * Decodes bytes to text honouring, in order: BOM, the HTTP Content-Type charset, the XML declaration's
 * encoding (or HTML <meta charset>), else UTF-8 (Windows-1252 when the bytes are not valid UTF-8).
 */
export function decodeText(body: Buffer, contentType: string | null): string {
  const encoding =
    bomEncoding(body) ??
    supported(believable(charsetParameter(contentType), body)) ??
    supported(declaredEncoding(body)) ??
    // Undeclared legacy bytes are far more often Windows-1252 than anything else (feedparser does the same).
    (isUtf8(body) ? 'utf-8' : 'windows-1252');
  // iconv-lite drops a leading BOM, so the text starts with the document.
  return iconv.decode(body, encoding);
}

function bomEncoding(body: Buffer): string | null {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  return null;
}

function charsetParameter(contentType: string | null): string | null {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1] ?? null;
}

/**
 * A Content-Type charset, unless it says UTF-16 of bytes that cannot be UTF-16: without a BOM, UTF-16 markup has a
 * zero byte in every other byte of its ASCII, and a server that labels every answer UTF-16 (seen in the wild: a
 * misconfigured default) would otherwise turn a UTF-8 feed into unreadable text. The document's own declaration, or
 * UTF-8, is read instead.
 */
function believable(charset: string | null, body: Buffer): string | null {
  return charset && /^\s*utf-?16/i.test(charset) && !body.subarray(0, 64).includes(0) ? null : charset;
}

/** The encoding the document states in its first bytes: an XML declaration or an HTML meta charset. */
function declaredEncoding(body: Buffer): string | null {
  // XML 1.0 Appendix F: UTF-16 without a BOM still shows `<?` as two-byte units.
  if (body[0] === 0x3c && body[1] === 0x00 && body[2] === 0x3f && body[3] === 0x00) return 'utf-16le';
  if (body[0] === 0x00 && body[1] === 0x3c && body[2] === 0x00 && body[3] === 0x3f) return 'utf-16be';
  // The HTML prescan looks at the first 1024 bytes; a declaration is ASCII, so latin1 reads it whatever follows.
  const head = body.subarray(0, 1024).toString('latin1');
  const xmlDeclaration = /^\s*<\?xml[^>]*>/i.exec(head)?.[0];
  // An XML document that declares no encoding is UTF-8 (XML 1.0 §4.3.3), whatever HTML its CDATA holds.
  const label = xmlDeclaration
    ? (/\bencoding\s*=\s*["']([^"']+)["']/i.exec(xmlDeclaration)?.[1] ?? null)
    : (/<meta[^>]*?\bcharset\s*=\s*["']?([^"'\s/>;]+)/i.exec(head)?.[1] ?? null);
  // Bytes that read as ASCII here cannot be UTF-16, whatever the declaration claims (HTML spec does the same).
  return label && /^utf-?16/i.test(label) ? 'utf-8' : label;
}

/**
 * The iconv-lite name for a charset label, or null when it is unknown. Latin-1 and ASCII labels mean
 * Windows-1252, as in browsers (WHATWG Encoding): feeds declaring them routinely contain its curly quotes.
 */
function supported(label: string | null): string | null {
  if (!label) return null;
  const name = label.trim().toLowerCase();
  if (/^(iso[-_]?8859-1|latin-?1|l1|cp819|ibm819|(us-)?ascii)$/.test(name)) return 'windows-1252';
  return iconv.encodingExists(name) ? name : null;
}
