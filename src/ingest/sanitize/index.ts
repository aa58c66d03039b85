export { sanitizeHtml } from './sanitize';
export { htmlToText, nodeToText } from './html-to-text';
export { summarize } from './summarize';
