import { createHash } from 'node:crypto';
import { countWords } from '../domain/reading';
import { DemoSource, WIRE_SERVICES, siteOf } from './catalog';
import type { Topic } from './lexicon';
import { Random, randomFor } from './random';
import { ArticleWriter, slugify, writerFor } from './writer';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ARTICLE_STREAM = 1;
const NEWS_ITEM_STREAM = 2;

/** Relative chance of publishing in each hour (UTC): newsrooms publish most during the working day. */
const HOURLY_ACTIVITY = [
  0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.4, 0.7, 0.9, 1, 1, 1, 0.95, 0.95, 0.9, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2,
];

/** Share of news items that point to an article of the same load. */
export const LINKED_NEWS_ITEM_SHARE = 0.4;

/** A demo source as stored, with its database id. */
export interface StoredSource extends DemoSource {
  id: number;
}

/**
 * Everything one load needs to generate any of its rows on its own: the n-th row depends only on the plan and n,
 * so rows can be built batch by batch, and a news item can rebuild the article it points to.
 */
export interface DemoPlan {
  seed: number;
  /** The window articles are published in: [now - windowMs, now), in epoch milliseconds. */
  now: number;
  windowMs: number;
  /** Numbers this load gives its articles and news items, unused by earlier loads: they make URLs and guids unique. */
  firstArticleNumber: number;
  firstNewsItemNumber: number;
  articleCount: number;
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

/** What a news item needs to know of an article: drawn first, so it can be rebuilt without the body. */
interface ArticleHead {
  random: Random;
  number: number;
  source: StoredSource;
  topic: Topic;
  categoryId: number | null;
  writer: ArticleWriter;
  publishedAt: number;
  title: string;
  slug: string;
  url: string;
}

/** The article at `index` (0-based) of the load. */
export function articleRow(plan: DemoPlan, index: number): ArticleRow {
  const head = articleHead(plan, index);
  const { random, source, writer, publishedAt } = head;
  const earlier = index > 0 && random.chance(0.3) ? articleHead(plan, random.int(0, index - 1)) : null;
  const text = writer.article(random, {
    words: random.int(plan.bodyWords[0], plan.bodyWords[1]),
    site: siteOf(source),
    readAlso: earlier && earlier.source === source ? { title: earlier.title, url: earlier.url } : null,
  });
  return {
    url: head.url,
    sourceId: source.id,
    categoryId: head.categoryId,
    title: head.title,
    summary: text.summary,
    body: text.html,
    bodyText: text.text,
    author: random.chance(0.85) ? writer.authors(random) : null,
    tags: writer.tags(random, random.int(1, 4)),
    language: source.language,
    imageUrl: random.chance(0.85) ? `https://images.${source.domain}/${datePath(publishedAt)}/${head.slug}-${head.number}.jpg` : null,
    publishedAt,
    updatedAt: random.chance(0.2) ? publishedAt + Math.floor(random.next() * Math.min(36 * HOUR, plan.now - publishedAt)) : null,
    firstSeenAt: firstSeen(random, publishedAt, plan.now),
    attribution: random.chance(0.1) ? random.pick(WIRE_SERVICES) : null,
    wordCount: countWords(text.text),
    contentHash: createHash('sha256').update(text.text).digest('hex'),
  };
}

/** The news item at `index` (0-based) of the load: a headline pointing to one of the load's articles, or to a page not fetched yet. */
export function newsItemRow(plan: DemoPlan, index: number): NewsItemRow {
  const number = plan.firstNewsItemNumber + index;
  const random = randomFor(plan.seed, NEWS_ITEM_STREAM, number);
  if (plan.articleCount > 0 && random.chance(LINKED_NEWS_ITEM_SHARE)) {
    const article = articleHead(plan, random.int(0, plan.articleCount - 1));
    return {
      sourceId: article.source.id,
      guid: guidFor(article.source, article.publishedAt, number),
      title: article.title,
      url: article.url,
      publishedAt: article.publishedAt,
      firstSeenAt: firstSeen(random, article.publishedAt, plan.now),
      linked: true,
    };
  }
  const source = random.weighted(plan.sources);
  const publishedAt = publicationTime(random, plan);
  const title = writerFor(source.language, random.pick(source.topics)).headline(random);
  return {
    sourceId: source.id,
    guid: guidFor(source, publishedAt, number),
    title,
    // Under /news/, a path no demo article uses, so an unlinked item never shares a URL with an article.
    url: `${siteOf(source)}/news/${datePath(publishedAt)}/${slugify(title)}-${number}`,
    publishedAt,
    firstSeenAt: firstSeen(random, publishedAt, plan.now),
    linked: false,
  };
}

function articleHead(plan: DemoPlan, index: number): ArticleHead {
  const number = plan.firstArticleNumber + index;
  const random = randomFor(plan.seed, ARTICLE_STREAM, number);
  const source = random.weighted(plan.sources);
  const topic = random.pick(source.topics);
  const categoryId = random.chance(0.9) ? plan.categoryIds.get(topic) ?? null : null;
  const writer = writerFor(source.language, topic);
  const publishedAt = publicationTime(random, plan);
  const title = writer.headline(random);
  const slug = slugify(title);
  const section = categoryId === null ? 'latest' : topic;
  const url = `${siteOf(source)}/${section}/${datePath(publishedAt)}/${slug}-${number}`;
  return { random, number, source, topic, categoryId, writer, publishedAt, title, slug, url };
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
