export { extractArticle } from './extract-article';
