import type { DemoLanguage, Topic } from './lexicon';
import { TOPICS } from './lexicon';

/** A fictional publisher the demo data comes from; its pages live under https://www.<domain>/. */
export interface DemoSource {
  name: string;
  domain: string;
  kind: 'RSS' | 'ATOM' | 'JSON_FEED' | 'HTML';
  feedPath: string;
  language: DemoLanguage;
  fetchIntervalSeconds: number;
  /** How much it publishes relative to the others. */
  weight: number;
  /** What it writes about. */
  topics: readonly Topic[];
}

/** The demo publishers, all on reserved `.example` domains so nothing ever resolves to a real site. */
export const DEMO_SOURCES: readonly DemoSource[] = [
  { name: 'The Harbour Herald', domain: 'harbour-herald.example', kind: 'RSS', feedPath: '/rss.xml', language: 'en', fetchIntervalSeconds: 600, weight: 3, topics: TOPICS },
  { name: 'Northgate Daily', domain: 'northgate-daily.example', kind: 'ATOM', feedPath: '/feeds/all.atom.xml', language: 'en', fetchIntervalSeconds: 900, weight: 3, topics: TOPICS },
  { name: 'The Meridian Post', domain: 'meridian-post.example', kind: 'JSON_FEED', feedPath: '/feed.json', language: 'en', fetchIntervalSeconds: 900, weight: 2, topics: TOPICS },
  { name: 'Evening Bulletin', domain: 'evening-bulletin.example', kind: 'JSON_FEED', feedPath: '/feeds/latest.json', language: 'en', fetchIntervalSeconds: 1800, weight: 1.5, topics: TOPICS },
  { name: 'Coastline Courier', domain: 'coastline-courier.example', kind: 'HTML', feedPath: '/latest/', language: 'en', fetchIntervalSeconds: 1800, weight: 1.5, topics: ['world', 'politics', 'health', 'sport', 'culture'] },
  { name: 'The Lantern Ledger', domain: 'lantern-ledger.example', kind: 'RSS', feedPath: '/markets/rss', language: 'en', fetchIntervalSeconds: 600, weight: 1.5, topics: ['business', 'technology', 'politics'] },
  { name: 'Kestrel Tech Review', domain: 'kestrel-review.example', kind: 'ATOM', feedPath: '/atom.xml', language: 'en', fetchIntervalSeconds: 3600, weight: 1, topics: ['technology', 'science', 'business'] },
  { name: 'Highland Observer', domain: 'highland-observer.example', kind: 'HTML', feedPath: '/news/', language: 'en', fetchIntervalSeconds: 3600, weight: 1, topics: TOPICS },
  { name: 'Rheinblick Nachrichten', domain: 'rheinblick-nachrichten.example', kind: 'RSS', feedPath: '/feed/rss2', language: 'de', fetchIntervalSeconds: 900, weight: 1, topics: TOPICS },
  { name: 'Le Courrier du Lac', domain: 'courrier-du-lac.example', kind: 'ATOM', feedPath: '/flux/atom.xml', language: 'fr', fetchIntervalSeconds: 900, weight: 1, topics: TOPICS },
];

/** The name of the demo category for each topic; the topic is its slug. */
const CATEGORY_NAMES: Readonly<Record<Topic, string>> = {
  world: 'World',
  politics: 'Politics',
  business: 'Business',
  technology: 'Technology',
  science: 'Science',
  health: 'Health',
  sport: 'Sport',
  culture: 'Culture',
};

/** The demo categories, one per topic. */
export const DEMO_CATEGORIES: readonly { name: string; slug: Topic }[] = TOPICS.map((slug) => ({ name: CATEGORY_NAMES[slug], slug }));

/** Fictional news agencies credited when a demo source republishes their story. */
export const WIRE_SERVICES: readonly string[] = [
  'Continental Press Agency', 'Meridian Wire Service', 'Nordic News Bureau', 'Global Dispatch', 'Allied Correspondents Network',
];

/**
 * The one article every database with demo data holds, under a URL that never changes: the README's
 * `article(url:)` example reads it. The first load writes it, listed in its own source's news line and in
 * another's (one article however many feeds lead to it); published two hours before the load.
 */
export const FEATURED_ARTICLE = {
  url: 'https://www.harbour-herald.example/world/port-averly-opens-its-new-harbour-bridge',
  title: 'Port Averly opens its new harbour bridge',
  domain: 'harbour-herald.example',
  topic: 'world',
  attribution: 'Continental Press Agency',
  /** The other source whose news line links to it. */
  alsoListedBy: 'evening-bulletin.example',
} as const;

/** The site's address, without a trailing slash. */
export function siteOf(source: Pick<DemoSource, 'domain'>): string {
  return `https://www.${source.domain}`;
}
