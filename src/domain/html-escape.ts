import { decode } from 'html-entities';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text so that it reads as the same text inside HTML (element content or a quoted attribute). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

/**
 * Text as the XML parser leaves it, with the references it does not decode read as a browser reads them:
 * numeric references (Windows-1252's code points 0x80–0x9F as the characters Windows-1252 gives them, as
 * HTML does, so `&#146;` is ’ rather than a control character) and HTML's named entities (`&nbsp;`).
 * The same reading the feed library gives titles.
 */
export function decodeReferences(text: string): string {
  return text.includes('&') ? decode(text) : text;
}
