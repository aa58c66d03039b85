import type { SourceKind } from '../domain/rows';
import { BadInputError, errorMessage } from '../domain/errors';
import { MAX_SOURCE_NAME_LENGTH } from '../domain/input-check';
import type { ProbedSource, SourceProbe } from '../services/ports';
import { extractPageArticle, readFetchedDocument } from './derive-pool';
import { PageRefusedError } from './extract/dom';
import type { Fetcher } from './fetcher';
import { summarize } from './sanitize';
import { describeDocument, discoverFeedLinks, type FeedDocument, type PageDocument, type ReadDocument } from './parsers';
import { withoutControls } from '../domain/whitespace';

/** Finds out what a URL publishes: a feed, an HTML page that advertises one, or an article page. */
export class FeedProbe implements SourceProbe {
  constructor(private readonly fetcher: Fetcher) {}

  /**
   * Reads the URL (and, unless a kind is declared, the feed a page links to); refuses what is neither a feed
   * nor a page, and a document that is not of the declared kind.
   */
  async probe(url: string, declared?: SourceKind | null): Promise<ProbedSource> {
    const { finalUrl, document } = await this.read(url);
    if (declared) return describe(url, finalUrl, this.checkKind(url, finalUrl, document, declared));
    if (document.kind === 'neither') throw new BadInputError(`${url} is neither a feed (RSS, Atom, JSON Feed) nor an HTML page; it is ${document.description}.`);
    if (document.kind === 'feed') return describe(url, finalUrl, document);
    const [advertised] = discoverFeedLinks(document.html, finalUrl);
    if (advertised) {
      const linked = await this.read(advertised.url);
      if (linked.document.kind === 'feed') {
        const probed = await describe(advertised.url, linked.finalUrl, linked.document);
        return { ...probed, title: probed.title ?? advertised.title, homepageUrl: probed.homepageUrl ?? finalUrl };
      }
    }
    return describe(url, finalUrl, document);
  }

  private async read(url: string): Promise<{ finalUrl: string; document: ReadDocument }> {
    let resource;
    try {
      resource = await this.fetcher.fetch(url);
    } catch (error) {
      throw new BadInputError(`Could not read ${url}: ${errorMessage(error)}`);
    }
    try {
      return { finalUrl: resource.url, document: await readFetchedDocument(resource.body, resource.contentType, resource.url) };
    } catch (error) {
      throw new BadInputError(`${url} looks like a feed but could not be read: ${errorMessage(error)}`);
    }
  }

  /** The document when it is of the declared kind; otherwise says what was declared and what was found. */
  private checkKind(url: string, finalUrl: string, document: ReadDocument, declared: SourceKind): FeedDocument | PageDocument {
    const found: SourceKind | null = document.kind === 'feed' ? document.format : document.kind === 'page' ? 'HTML' : null;
    if (found === declared && document.kind !== 'neither') return document;
    const advertised = document.kind === 'page' && declared !== 'HTML' ? discoverFeedLinks(document.html, finalUrl)[0] : undefined;
    const hint = advertised ? `; it advertises the feed ${advertised.url}, which can be added instead` : '';
    throw new BadInputError(`The source was declared as ${declared}, but ${url} is ${describeDocument(document)}${found ? ` (${found})` : ''}${hint}.`);
  }
}

/**
 * A feed's or page's title as a source's name: no longer than a name may be given (a channel title of a few
 * thousand characters made a name that could not be given back to updateSource).
 */
function sourceName(title: string | null): string | null {
  const line = title ? withoutControls(title) : null;
  // A title of nothing visible (format characters such as U+202E or a soft hyphen, and spaces) names nothing: the
  // source is named after its host instead, as for no title.
  return line && VISIBLE.test(line) ? summarize(line, MAX_SOURCE_NAME_LENGTH) : null;
}

/** A character that shows: not a format character (\p{Cf}), a separator (\p{Z}) or whitespace. */
const VISIBLE = /[^\p{Cf}\p{Z}\s]/u;

/** What a feed or a page says about itself as a source (a page is read on the derive pool, as a refresh reads it). */
async function describe(url: string, finalUrl: string, document: FeedDocument | PageDocument): Promise<ProbedSource> {
  if (document.kind === 'feed') {
    const { feed, format } = document;
    return { feedUrl: url, kind: format, title: sourceName(feed.title), homepageUrl: feed.homepageUrl, language: feed.language?.toLowerCase() ?? null };
  }
  let page;
  try {
    page = await extractPageArticle(document.html, finalUrl);
  } catch (error) {
    if (error instanceof PageRefusedError) throw new BadInputError(`${url} could not be read as an article page: ${error.message}.`);
    throw error;
  }
  return { feedUrl: url, kind: 'HTML', title: sourceName(page.title), homepageUrl: new URL(finalUrl).origin + '/', language: page.language };
}
