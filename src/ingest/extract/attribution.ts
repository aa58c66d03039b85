/**
 * Detects who originally published an article the page republishes ("… informs via POLITICO" -> "POLITICO").
 * Conservative on purpose: only credit forms that news sites use for syndicated copy, only near the top or
 * bottom of the body, and never the page's own publisher.
 */

/** What attribution detection looks at. */
export interface AttributionInput {
  /** The body text, paragraphs separated by blank lines. */
  bodyText: string | null;
  /** A source organization's name from structured data (JSON-LD sourceOrganization / isBasedOn). */
  statedSource: string | null;
  /** The page's own names (publisher, site name) and URL: never an attribution. */
  ownNames: string[];
  pageUrl: string;
}

/** Paragraphs read at each end of the body: credits sit in the lead or the last lines. */
const LEAD_PARAGRAPHS = 2;
const TAIL_PARAGRAPHS = 3;

/** A publisher's name: capitalized words (or an acronym), at most five, optionally with "The"/"of"/"&". */
const WORD = String.raw`\p{Lu}(?:[\p{L}\p{N}&'’-]|\.(?=\p{L}))*`;
const NAME = String.raw`((?:The\s+)?${WORD}(?:\s+(?:${WORD}|of|&|de|du|der|di|del|la|el)){0,4})`;

/** Verbs of reporting that make "via X" a credit whatever X looks like. */
const REPORTING = String.raw`(?:informs?|informed|reports?|reported|writes?|wrote|says?|said|notes?|noted|adds?|added|cites?|states?|stated)`;

/** News agencies that wire copy credits in a dateline, "WASHINGTON (AP) —". */
const AGENCIES = [
  'AP', 'AFP', 'Reuters', 'UPI', 'dpa', 'DPA', 'ANI', 'PTI', 'IANS', 'EFE', 'ANSA', 'Xinhua', 'TASS', 'Kyodo', 'Yonhap',
  'AAP', 'CP', 'PA', 'Belga', 'APA', 'Anadolu', 'Bernama', 'Interfax', 'Ukrinform', 'UNIAN', 'RIA Novosti', 'KNA', 'Lusa',
  'NTB', 'TT', 'STT', 'Ritzau', 'CTK', 'PAP', 'MTI', 'BTA', 'HINA', 'Tanjug', 'ATS', 'SDA', 'NAN', 'WAM', 'SPA', 'IRNA',
  'Bloomberg', 'Associated Press', 'Agence France-Presse', 'Press Association', 'Canadian Press',
];

/** Words that make a capitalized name a news outlet's. */
const NEWS_WORDS = /\b(?:News|Times|Post|Press|Journal|Herald|Tribune|Guardian|Telegraph|Agency|Gazette|Daily|Wire|Magazine|Radio|TV|Television|Network|Media|Today|Observer|Chronicle|Independent|Insider|Mail|Express|Mirror|Review|Reporter|Bulletin|Courier|Standard|Examiner|Monitor|Dispatch|Pravda|Zeitung|Spiegel|Monde|Figaro|País|Corriere|Repubblica)\b/;

/** Things content comes "via" that are platforms, tools or photo libraries, not publishers. */
const NOT_PUBLISHERS = new Set([
  'twitter', 'x', 'facebook', 'instagram', 'youtube', 'tiktok', 'linkedin', 'reddit', 'telegram', 'whatsapp', 'snapchat',
  'pinterest', 'tumblr', 'medium', 'substack', 'vimeo', 'twitch', 'discord', 'slack', 'zoom', 'skype', 'facetime', 'teams',
  'microsoft teams', 'webex', 'email', 'e-mail', 'mail', 'text', 'sms', 'phone', 'video', 'satellite', 'bluetooth', 'wi-fi',
  'google', 'apple', 'amazon', 'microsoft', 'github', 'paypal', 'venmo', 'uber', 'spotify', 'netflix', 'steam', 'getty',
  'getty images', 'shutterstock', 'flickr', 'wikimedia', 'wikimedia commons', 'wikipedia', 'unsplash', 'imgur', 'giphy',
  'ap photo', 'ap images', 'afp photo', 'reuters photo', 'press release', 'the press release', 'the internet',
]);

const LETTERS = /\p{L}/u;

/** The name trimmed of trailing punctuation, or null if it is not a plausible publisher's. */
function publisherName(raw: string, own: Set<string>): string | null {
  const name = raw.replace(/[\s.,;:!?'’-]+$/u, '').trim();
  const key = name.toLowerCase();
  if (!LETTERS.test(name) || name.length > 60 || NOT_PUBLISHERS.has(key) || own.has(key) || own.has(key.replace(/^the\s+/, ''))) return null;
  return name;
}

/** Credits that name a publisher in one paragraph of the lead or the tail. */
function creditIn(paragraph: string, isLead: boolean, own: Set<string>): string | null {
  const candidates: string[] = [];
  // "…, Eurointegration informs via POLITICO." / "… reports via The Guardian"
  for (const m of paragraph.matchAll(new RegExp(String.raw`\b${REPORTING}\s+via\s+${NAME}`, 'gu'))) candidates.push(m[1]);
  // "… (via Reuters)" / "… via POLITICO." ending a sentence, when the name looks like an outlet's.
  for (const m of paragraph.matchAll(new RegExp(String.raw`(?:^|[\s(\[])via\s+${NAME}(?=\s*(?:[.;!)\]]|$))`, 'gu'))) {
    const name = m[1];
    if (/^\p{Lu}{2,}$/u.test(name.replace(/[\s&-]/g, '')) || NEWS_WORDS.test(name) || AGENCIES.includes(name)) candidates.push(name);
  }
  // "Source: AP" as a line of its own, or the last sentence of the closing lines.
  const source = new RegExp(String.raw`(?:^|[.!?]\s+)(?:Source|Sources)\s*[:–—]\s*${NAME}\s*\.?$`, 'u').exec(paragraph);
  if (source && (!isLead || paragraph.length < 80)) candidates.push(source[1]);
  // A dateline credit, "WASHINGTON (AP) —", or a closing "(AFP)".
  const agency = AGENCIES.map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const dateline = new RegExp(String.raw`\((${agency})\)`, 'u').exec(isLead ? paragraph.slice(0, 160) : paragraph.slice(-40));
  if (dateline) candidates.push(dateline[1]);
  // "Copyright 2019 The Associated Press. All rights reserved." closing a syndicated story.
  const copyright = new RegExp(String.raw`^(?:Copyright|©|\(c\))\s*(?:©\s*)?(?:\d{4}\s+)?${NAME}\.?\s*(?:All rights reserved\.?)?$`, 'iu').exec(paragraph);
  if (copyright && !isLead && paragraph.length < 120) candidates.push(copyright[1].replace(/\.?\s*All rights reserved\.?$/i, ''));
  for (const candidate of candidates) {
    const name = publisherName(candidate, own);
    if (name) return name;
  }
  return null;
}

/** The host of a URL without "www.", or null when the value is not a URL. */
function hostOf(value: string): string | null {
  try {
    return new URL(value).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/** The original publisher the page credits, or null when it credits none (or only itself). */
export function detectAttribution({ bodyText, statedSource, ownNames, pageUrl }: AttributionInput): string | null {
  const pageHost = hostOf(pageUrl);
  const own = new Set([...ownNames, pageHost ?? ''].filter(Boolean).map((name) => name.toLowerCase()));
  const statedHost = statedSource ? hostOf(statedSource) : null;
  if (statedSource && statedHost === null) {
    const name = publisherName(statedSource, own);
    if (name) return name;
  }
  const paragraphs = (bodyText ?? '').split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
  const lead = paragraphs.slice(0, LEAD_PARAGRAPHS);
  const tail = paragraphs.slice(Math.max(LEAD_PARAGRAPHS, paragraphs.length - TAIL_PARAGRAPHS));
  for (const [paragraph, isLead] of [...lead.map((p) => [p, true] as const), ...tail.reverse().map((p) => [p, false] as const)]) {
    const name = creditIn(paragraph, isLead, own);
    if (name) return name;
  }
  if (statedHost && pageHost && statedHost !== pageHost && !statedHost.endsWith(`.${pageHost}`) && !pageHost.endsWith(`.${statedHost}`)) {
    return statedHost;
  }
  return null;
}
