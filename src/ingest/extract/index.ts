/** The extraction stage: an HTML page (and its URL) in, an article out; pure. */
export { extractArticle } from './extract-article';
export { detectAttribution } from './attribution';
