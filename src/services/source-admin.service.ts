import type { Repository } from 'typeorm';
import type { SourceEntity } from '../db/entities/source.entity';
import type { SourceRemoval, SourceRemovalRepository } from '../db/repositories/source-removal.repository';
import { SOURCE_KINDS, SourceKind } from '../domain/rows';
import { BadInputError, NotFoundError } from '../domain/errors';
import { toGlobalId } from '../domain/global-id';
import { inputStringProblem, MAX_SOURCE_NAME_LENGTH, shown } from '../domain/input-check';
import { readWebUrl } from '../domain/web-url';
import { canonicalUrl } from '../domain/canonical-url';
import type { IngestReport } from '../domain/ingest-report';
import { checkLanguage } from './filters';
import type { SourceProbe, SourceRefresher } from './ports';
import { withoutControls } from '../domain/whitespace';

/** What a client gives to subscribe to a source. */
export interface AddSourceInput {
  url: string;
  name?: string | null;
  kind?: SourceKind | null;
  fullText?: boolean | null;
  fetchIntervalMinutes?: number | null;
  language?: string | null;
}

/** What a client may change on a source. */
export type UpdateSourceInput = Partial<Pick<AddSourceInput, 'name' | 'fullText' | 'fetchIntervalMinutes' | 'language'>> & {
  enabled?: boolean | null;
};

/** The longest fetch interval a source may have: a week. */
export const MAX_INTERVAL_MINUTES = 7 * 24 * 60;

/** The URL to subscribe to, without its fragment; `field` names it in the refusal. */
export function checkUrl(url: string, field = '`url`'): string {
  // The API refuses such strings at its edge; the command line reaches here with whatever was typed.
  const problem = inputStringProblem(url);
  if (problem) throw new BadInputError(`${field} must be ${problem}.`);
  const read = readWebUrl(url.trim(), undefined, { withoutCredentials: true });
  switch (read.problem) {
    case 'unparsable':
      throw new BadInputError(`${field} must be an absolute http(s) URL of a feed or page; got ${shown(url)}.`);
    case 'scheme':
      throw new BadInputError(`${field} must use http or https; got "${read.url.protocol}".`);
    case 'credentials':
      throw new BadInputError(`${field} must not carry a user name or password.`);
  }
  // As article URLs are stored: without a fragment or a campaign's tracking parameters (`?utm_source=…`), so
  // that the same feed shared with them is found as the same subscription.
  return canonicalUrl(read.url.toString());
}

function checkInterval(minutes: number | null | undefined): number | undefined {
  if (minutes == null) return undefined;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_INTERVAL_MINUTES) {
    throw new BadInputError(`\`fetchIntervalMinutes\` must be a whole number from 1 to ${MAX_INTERVAL_MINUTES}; got ${minutes}.`);
  }
  return minutes * 60;
}

/** A source's display name, trimmed, without control characters (as a name taken from a feed); `field` names it in the refusal. */
export function checkName(name: string | null | undefined, field = '`name`'): string | undefined {
  if (name == null) return undefined;
  const trimmed = withoutControls(name.replace(/\s+/g, ' ')).trim();
  if (trimmed.length === 0 || trimmed.length > MAX_SOURCE_NAME_LENGTH) {
    throw new BadInputError(`${field} must be 1 to ${MAX_SOURCE_NAME_LENGTH} characters; got ${trimmed.length}.`);
  }
  return trimmed;
}

/** Managing sources: subscribe, change, remove, refresh now. */
export class SourceAdminService {
  constructor(
    private readonly sources: Repository<SourceEntity>,
    private readonly removal: SourceRemovalRepository,
    private readonly probe: SourceProbe,
    private readonly refresher: SourceRefresher,
    private readonly defaultIntervalSeconds: number,
  ) {}

  /** Subscribes to a feed or page: reads the URL to detect its kind (following a page's feed link) or to check the declared one. */
  async add(input: AddSourceInput): Promise<SourceEntity> {
    const url = checkUrl(input.url);
    const interval = checkInterval(input.fetchIntervalMinutes) ?? this.defaultIntervalSeconds;
    const name = checkName(input.name);
    const language = checkLanguage(input.language);
    if (input.kind != null && !SOURCE_KINDS.includes(input.kind)) {
      throw new BadInputError(`\`kind\` must be one of ${SOURCE_KINDS.join(', ')}; got ${shown(input.kind)}.`);
    }
    const probed = await this.probe.probe(url, input.kind);
    await this.refuseDuplicate(probed.feedUrl);
    try {
      return await this.sources.save(
        this.sources.create({
          name: name ?? probed.title ?? new URL(probed.feedUrl).hostname,
          feedUrl: probed.feedUrl,
          homepageUrl: probed.homepageUrl,
          kind: probed.kind,
          language: language ?? probed.language,
          fullText: input.fullText ?? false,
          fetchIntervalSeconds: interval,
        }),
      );
    } catch (error) {
      // Two clients adding the same feed at once: the unique constraint decides.
      if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') await this.refuseDuplicate(probed.feedUrl);
      throw error;
    }
  }

  /** Changes a source's settings. */
  async update(id: number, input: UpdateSourceInput): Promise<SourceEntity> {
    const source = await this.find(id);
    const interval = checkInterval(input.fetchIntervalMinutes);
    const name = checkName(input.name);
    if (name !== undefined) source.name = name;
    if (interval !== undefined) source.fetchIntervalSeconds = interval;
    if (input.fullText != null && input.fullText !== source.fullText) {
      source.fullText = input.fullText;
      // The next refresh reads the feed whole rather than hearing it is unchanged (304): the entries kept as headlines
      // alone then get their article pages read.
      source.etag = null;
      source.lastModified = null;
    }
    if (input.enabled != null) source.enabled = input.enabled;
    if (input.language !== undefined) source.language = checkLanguage(input.language);
    return this.sources.save(source);
  }

  /**
   * Removes a source, its news items and the articles only it led to; its articles that other
   * sources' news items link to stay, handed to the source whose news item saw them first.
   */
  async remove(id: number): Promise<SourceRemoval> {
    const removal = await this.removal.remove(id);
    if (!removal) throw new NotFoundError(`No source has the ID ${toGlobalId('Source', id)}.`);
    return removal;
  }

  /** Refreshes a source now and reports what it found. */
  async refresh(id: number): Promise<IngestReport> {
    await this.find(id);
    return this.refresher.refreshNow(id);
  }

  private async find(id: number): Promise<SourceEntity> {
    const source = await this.sources.findOneBy({ id });
    if (!source) throw new NotFoundError(`No source has the ID ${toGlobalId('Source', id)}.`);
    return source;
  }

  private async refuseDuplicate(feedUrl: string): Promise<void> {
    const existing = await this.sources.findOneBy({ feedUrl });
    if (existing) {
      throw new BadInputError(`Already subscribed to ${feedUrl} as source ${toGlobalId('Source', existing.id)} ("${existing.name}").`);
    }
  }
}
