import { contentHash } from '../domain/content-hash';
import { countWords } from '../domain/reading';
import { DemoSource, FEATURED_ARTICLE, WIRE_SERVICES, siteOf } from './catalog';
import type { HeadlineRegister } from './headline-register';
import type { Topic } from './lexicon';
import { Random, randomFor } from './random';
import { DEMO_STORIES, DemoStory, FEATURED_STORY } from './stories';
import { pathSlug, writerFor } from './writer';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ARTICLE_STREAM = 1;
const NEWS_ITEM_STREAM = 2;

/** Relative chance of publishing in each hour (UTC): newsrooms publish most during the working day. */
const HOURLY_ACTIVITY = [
  0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.4, 0.7, 0.9, 1, 1, 1, 0.95, 0.95, 0.9, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2,
];

/** The share of articles about one of DEMO_STORIES (of those whose topic the source covers). */
const STORY_SHARE = 0.05;

/** How many of a source's latest articles a "read also" link may point to. */
const READ_ALSO_CANDIDATES = 20;

/** A demo source as stored, with its database id. */
export interface StoredSource extends DemoSource {
  id: number;
}

/** What one load is to write, and the numbers and ids it writes them under. */
export interface DemoPlan {
  seed: number;
  /** The window articles are published in: [now - windowMs, now), in epoch milliseconds. */
  now: number;
  windowMs: number;
  /** Numbers this load gives its articles and news items, unused by earlier loads: they make URLs and guids unique. */
  firstArticleNumber: number;
  firstNewsItemNumber: number;
  articleCount: number;
  newsItemCount: number;
  /** Whether this load writes FEATURED_ARTICLE (as its first article): true until a database holds it. */
  featured: boolean;
  /** Smallest and largest body, in words. */
  bodyWords: readonly [number, number];
  sources: readonly StoredSource[];
  categoryIds: ReadonlyMap<Topic, number>;
}

/** One row of the article table; times in epoch milliseconds. */
export interface ArticleRow {
  url: string;
  sourceId: number;
  categoryId: number | null;
  title: string;
  summary: string;
  body: string;
  bodyText: string;
  author: string | null;
  tags: string[];
  language: string;
  imageUrl: string | null;
  publishedAt: number;
  updatedAt: number | null;
  firstSeenAt: number;
  attribution: string | null;
  wordCount: number;
  contentHash: string;
}

/** One row of the news_item table; `linked` items point to the article stored under their URL. */
export interface NewsItemRow {
  sourceId: number;
  guid: string;
  title: string;
  url: string;
  publishedAt: number;
  firstSeenAt: number;
  linked: boolean;
}

/** An article as its news item and later articles see it. */
interface ArticleHead {
  source: StoredSource;
  title: string;
  url: string;
  publishedAt: number;
}

/**
 * Writes one load's rows in order, as a crawler would have found them: each article comes with its headline
 * in its source's news line (the first `min(articleCount, newsItemCount)` news items), and the remaining news
 * items are headlines of pages not fetched. No source lists the same headline twice (HeadlineRegister).
 */
export class DemoRows {
  /** The latest articles of each source, which a "read also" link may point to. */
  private readonly latest = new Map<number, ArticleHead[]>();

  constructor(
    private readonly plan: DemoPlan,
    private readonly headlines: HeadlineRegister,
  ) {}

  /** How many news items are the headlines of this load's articles. */
  get linkedNewsItems(): number {
    return Math.min(this.plan.articleCount, this.plan.newsItemCount);
  }

  /** The article at `index` (0-based, in order) and, when the load has news items enough, its headline. */
  article(index: number): { article: ArticleRow; newsItem: NewsItemRow | null } {
    const { plan } = this;
    const number = plan.firstArticleNumber + index;
    const random = randomFor(plan.seed, ARTICLE_STREAM, number);
    const featured = plan.featured && index === 0;
    const source = featured ? this.sourceOn(FEATURED_ARTICLE.domain) : random.weighted(plan.sources);
    const story = featured ? null : storyFor(source, random);
    const topic: Topic = featured ? FEATURED_ARTICLE.topic : (story?.topic ?? random.pick(source.topics));
    const categoryId = featured || random.chance(0.9) ? plan.categoryIds.get(topic) ?? null : null;
    const writer = writerFor(source.language, topic, featured ? FEATURED_STORY : story);
    const publishedAt = featured ? plan.now - Math.min(2 * HOUR, Math.floor(plan.windowMs / 2)) : publicationTime(random, plan);
    let title: string;
    if (featured) {
      title = FEATURED_ARTICLE.title;
      this.headlines.add(source.id, title);
    } else {
      title = this.headlines.claim(source.id, () => writer.headline(random));
    }
    const slug = pathSlug(title);
    const section = categoryId === null ? 'latest' : topic;
    const url = featured ? FEATURED_ARTICLE.url : `${siteOf(source)}/${section}/${datePath(publishedAt)}/${slug}-${number}`;

    const candidates = this.latest.get(source.id) ?? [];
    const earlier = candidates.length > 0 && random.chance(0.3) ? random.pick(candidates) : null;
    const text = writer.article(random, {
      words: random.int(plan.bodyWords[0], plan.bodyWords[1]),
      site: siteOf(source),
      readAlso: earlier && { title: earlier.title, url: earlier.url },
    });
    const head: ArticleHead = { source, title, url, publishedAt };
    this.remember(head);
    const article: ArticleRow = {
      url,
      sourceId: source.id,
      categoryId,
      title,
      summary: text.summary,
      body: text.html,
      bodyText: text.text,
      author: featured || random.chance(0.85) ? writer.authors(random) : null,
      tags: writer.tags(random, random.int(1, 4)),
      language: source.language,
      imageUrl: featured || random.chance(0.85) ? `https://images.${source.domain}/${datePath(publishedAt)}/${slug}-${number}.jpg` : null,
      publishedAt,
      updatedAt: !featured && random.chance(0.2) ? publishedAt + Math.floor(random.next() * Math.min(36 * HOUR, plan.now - publishedAt)) : null,
      firstSeenAt: firstSeen(random, publishedAt, plan.now),
      attribution: featured ? FEATURED_ARTICLE.attribution : random.chance(0.1) ? random.pick(WIRE_SERVICES) : null,
      wordCount: countWords(text.text),
      contentHash: contentHash({ title, bodyText: text.text, summary: text.summary }),
    };
    return { article, newsItem: index < this.linkedNewsItems ? this.headlineOf(head, index, random) : null };
  }

  /**
   * The news item at `index` (from `linkedNewsItems` on, in order): a headline pointing to a page not fetched
   * yet, except the first one of a load that writes the featured article, which is its headline in another
   * source's news line.
   */
  newsItem(index: number): NewsItemRow {
    const { plan } = this;
    const number = plan.firstNewsItemNumber + index;
    const random = randomFor(plan.seed, NEWS_ITEM_STREAM, number);
    if (plan.featured && index === this.linkedNewsItems) {
      const source = this.sourceOn(FEATURED_ARTICLE.alsoListedBy);
      this.headlines.add(source.id, FEATURED_ARTICLE.title);
      const publishedAt = plan.now - Math.min(HOUR, Math.floor(plan.windowMs / 4));
      return this.headlineOf({ source, title: FEATURED_ARTICLE.title, url: FEATURED_ARTICLE.url, publishedAt }, index, random);
    }
    const source = random.weighted(plan.sources);
    const publishedAt = publicationTime(random, plan);
    const writer = writerFor(source.language, random.pick(source.topics));
    const title = this.headlines.claim(source.id, () => writer.headline(random));
    return {
      sourceId: source.id,
      guid: guidFor(source, publishedAt, number),
      title,
      // Under /news/, a path no demo article uses, so an unlinked item never shares a URL with an article.
      url: `${siteOf(source)}/news/${datePath(publishedAt)}/${pathSlug(title)}-${number}`,
      publishedAt,
      firstSeenAt: firstSeen(random, publishedAt, plan.now),
      linked: false,
    };
  }

  /** The news item at `index` that is the headline of an article in a source's news line. */
  private headlineOf(head: ArticleHead, index: number, random: Random): NewsItemRow {
    return {
      sourceId: head.source.id,
      guid: guidFor(head.source, head.publishedAt, this.plan.firstNewsItemNumber + index),
      title: head.title,
      url: head.url,
      publishedAt: head.publishedAt,
      firstSeenAt: firstSeen(random, head.publishedAt, this.plan.now),
      linked: true,
    };
  }

  private remember(head: ArticleHead): void {
    const latest = this.latest.get(head.source.id) ?? [];
    latest.push(head);
    if (latest.length > READ_ALSO_CANDIDATES) latest.shift();
    this.latest.set(head.source.id, latest);
  }

  private sourceOn(domain: string): StoredSource {
    const source = this.plan.sources.find((candidate) => candidate.domain === domain);
    if (!source) throw new Error(`Expected a demo source on ${domain}, but the catalog has none`);
    return source;
  }
}

/** Now and then (STORY_SHARE) one of the stories the source covers, so that sources report the same events. */
function storyFor(source: StoredSource, random: Random): DemoStory | null {
  if (!random.chance(STORY_SHARE)) return null;
  const covered = DEMO_STORIES.filter((story) => source.topics.includes(story.topic));
  return covered.length > 0 ? random.pick(covered) : null;
}

/** A millisecond in [now - window, now), more likely during the day than at night. */
function publicationTime(random: Random, plan: DemoPlan): number {
  const start = plan.now - plan.windowMs;
  for (;;) {
    const at = start + Math.floor(random.next() * plan.windowMs);
    const hour = Math.floor((((at % DAY) + DAY) % DAY) / HOUR);
    if (random.next() < HOURLY_ACTIVITY[hour]) return at;
  }
}

/** When a crawler would have noticed something published at `publishedAt`: up to twenty minutes later, never after now. */
function firstSeen(random: Random, publishedAt: number, now: number): number {
  return Math.min(publishedAt + random.int(20_000, 20 * MINUTE), now);
}

/** A tag URI (RFC 4151), unique per source because the number is unique per load and loads never reuse numbers. */
function guidFor(source: StoredSource, publishedAt: number, number: number): string {
  return `tag:${source.domain},${new Date(publishedAt).getUTCFullYear()}:item-${number}`;
}

/** yyyy/mm/dd in UTC. */
function datePath(at: number): string {
  return new Date(at).toISOString().slice(0, 10).replace(/-/g, '/');
}
