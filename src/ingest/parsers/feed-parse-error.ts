/** A document could not be read as a feed; the message says what was expected and what arrived. */
export class FeedParseError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FeedParseError';
  }
}
