/** The parsing stage: bytes (and a base URL) in, a value out; no storage, network or configuration. */
export { decodeText } from './decode-text';
export { detectFormat, type DocumentFormat } from './detect-format';
export { discoverFeedLinks, type FeedLink } from './discover-feed-links';
export { parseFeedDate } from './feed-date';
export { FeedParseError } from './feed-parse-error';
export { parseFeed } from './parse-feed';
export { describeDocument, feedOf, readDocument, type FeedDocument, type PageDocument, type ReadDocument } from './read-document';
