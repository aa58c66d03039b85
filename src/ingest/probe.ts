import { BadInputError } from '../domain/errors';
import type { ProbedSource, SourceProbe } from '../services/ports';
import { extractArticle } from './extract';
import type { Fetcher } from './fetcher';
import { decodeText, detectFormat, discoverFeedLinks, parseFeed } from './parsers';
import type { FetchedResource } from './types';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Finds out what a URL publishes: a feed, an HTML page that advertises one, or an article page. */
export class FeedProbe implements SourceProbe {
  constructor(private readonly fetcher: Fetcher) {}

  /** Reads the URL (and the feed a page links to); refuses what is neither a feed nor a page. */
  async probe(url: string): Promise<ProbedSource> {
    const resource = await this.read(url);
    const format = detectFormat(resource.body, resource.contentType);
    if (format === 'UNKNOWN') {
      throw new BadInputError(
        `${url} is neither a feed (RSS, Atom, JSON Feed) nor an HTML page; it answered with ${resource.contentType ?? 'no Content-Type'}.`,
      );
    }
    if (format !== 'HTML') return this.describeFeed(url, resource, format);
    const html = decodeText(resource.body, resource.contentType);
    const [advertised] = discoverFeedLinks(html, resource.url);
    if (advertised) {
      const feed = await this.read(advertised.url);
      const feedFormat = detectFormat(feed.body, feed.contentType);
      if (feedFormat === 'RSS' || feedFormat === 'ATOM' || feedFormat === 'JSON_FEED') {
        const probed = this.describeFeed(advertised.url, feed, feedFormat);
        return { ...probed, title: probed.title ?? advertised.title, homepageUrl: probed.homepageUrl ?? resource.url };
      }
    }
    const page = extractArticle(html, resource.url);
    return { feedUrl: url, kind: 'HTML', title: page.title, homepageUrl: new URL(resource.url).origin + '/', language: page.language };
  }

  private async read(url: string): Promise<FetchedResource> {
    try {
      return await this.fetcher.fetch(url);
    } catch (error) {
      throw new BadInputError(`Could not read ${url}: ${message(error)}`);
    }
  }

  private describeFeed(url: string, resource: FetchedResource, format: 'RSS' | 'ATOM' | 'JSON_FEED'): ProbedSource {
    try {
      const feed = parseFeed(resource.body, resource.contentType, resource.url);
      return { feedUrl: url, kind: format, title: feed.title, homepageUrl: feed.homepageUrl, language: feed.language?.toLowerCase() ?? null };
    } catch (error) {
      throw new BadInputError(`${url} looks like ${format} but could not be read: ${message(error)}`);
    }
  }
}
