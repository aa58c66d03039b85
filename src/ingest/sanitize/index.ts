/** The sanitizing stage: untrusted HTML in, safe HTML, plain text and summaries out; pure. */
export { sanitizeHtml } from './sanitize';
export { htmlToText, nodeToText } from './html-to-text';
export { summarize } from './summarize';
