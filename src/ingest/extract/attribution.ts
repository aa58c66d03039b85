import { collapseWhitespace } from '../../domain/whitespace';

/**
 * Detects who originally published an article the page republishes ("… informs via POLITICO" -> "POLITICO").
 * Conservative on purpose: only credit forms that news sites use for syndicated copy, only near the top or
 * bottom of the body, and never the page's own publisher.
 */

/** What attribution detection looks at. */
export interface AttributionInput {
  /** The body text, paragraphs separated by blank lines: its lead is searched for credits. */
  bodyText: string | null;
  /** The picked content's text before boilerplate removal: its closing lines are searched for credits. */
  pickedText: string | null;
  /** The byline: a wire agency there ("Robert Burns, AP National Security Writer") is a credit. */
  author: string | null;
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
  'news agencies', 'agencies', 'wires', 'wire services', 'staff', 'various', 'sources', 'online',
]);

const LETTERS = /\p{L}/u;

/** The name trimmed of trailing punctuation, or null if it is not a plausible publisher's. */
function publisherName(raw: string, own: Set<string>): string | null {
  const name = raw.replace(/[\s.,;:!?'’-]+$/u, '').trim();
  const key = name.toLowerCase();
  if (!LETTERS.test(name) || name.length > 60 || NOT_PUBLISHERS.has(key) || own.has(key) || own.has(key.replace(/^the\s+/, ''))) return null;
  return name;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const AGENCY = `(${AGENCIES.map(escapeRegExp).join('|')})`;

/** "…, Eurointegration informs via POLITICO." / "… reports via The Guardian": a credit whatever the name. */
const REPORTED_VIA = new RegExp(String.raw`\b${REPORTING}\s+via\s+${NAME}`, 'gu');
/** "… (via Reuters)" / "… via POLITICO." ending a sentence: a credit when the name looks like an outlet's. */
const VIA_AT_END = new RegExp(String.raw`(?:^|[\s(\[])via\s+${NAME}(?=\s*(?:[.;!)\]]|$))`, 'gu');
/** "Via SyndiGate.info" as a line of its own. */
const VIA_LINE = new RegExp(String.raw`^[Vv]ia\s+${NAME}\.?$`, 'u');
/** "Source: AP" as a line of its own, or as the last sentence of a paragraph. */
const SOURCE_LINE = new RegExp(String.raw`(?:^|[.!?]\s+)(?:[Ss]ources?|SOURCES?)\s*[:–—]\s*${NAME}\s*\.?$`, 'u');
/** A dateline, "WASHINGTON (AP) —", "(Reuters) -". */
const DATELINE = new RegExp(String.raw`^.{0,80}?\(${AGENCY}\)\s*[-–—:]`, 'u');
/** A closing "(AFP)". */
const CLOSING_AGENCY = new RegExp(String.raw`\(${AGENCY}\)\.?$`, 'u');
/** "Copyright 2019 The Associated Press. All rights reserved." closing a syndicated story. */
const COPYRIGHT_LINE = new RegExp(String.raw`^(?:Copyright|©|\(c\))\s*(?:©\s*)?(?:\d{4}\s+)?${NAME}\.?\s*(?:All rights reserved\.?)?$`, 'iu');

/** True when a name after "via" looks like a news outlet's: an acronym, a news word, a wire agency. */
function looksLikeOutlet(name: string): boolean {
  return /^\p{Lu}{2,}$/u.test(name.replace(/[\s&-]/g, '')) || NEWS_WORDS.test(name) || AGENCIES.includes(name);
}

/**
 * The credits one paragraph of the lead (`isLead`) or of the closing lines names, most explicit first. Each
 * pattern runs only where the words it needs are present: most paragraphs credit nobody, and the Unicode
 * patterns cost far more than looking for a word.
 */
function creditsIn(paragraph: string, isLead: boolean): string[] {
  const via = /via/i.test(paragraph);
  const credits = via ? [...paragraph.matchAll(REPORTED_VIA)].map((m) => m[1]) : [];
  if (via) credits.push(...[...paragraph.matchAll(VIA_AT_END)].map((m) => m[1]).filter(looksLikeOutlet));
  const viaLine = via && paragraph.length < 60 ? VIA_LINE.exec(paragraph) : null;
  const source = (!isLead || paragraph.length < 80) && /ource/i.test(paragraph) ? SOURCE_LINE.exec(paragraph) : null;
  const agency = paragraph.includes('(') ? (isLead ? DATELINE : CLOSING_AGENCY).exec(paragraph) : null;
  const copyright = !isLead && paragraph.length < 120 ? COPYRIGHT_LINE.exec(paragraph) : null;
  for (const match of [viaLine, source, agency]) if (match) credits.push(match[1]);
  if (copyright) credits.push(copyright[1].replace(/\.?\s*All rights reserved\.?$/i, ''));
  return credits;
}

/** The host of a URL without "www.", or null when the value is not a URL. */
function hostOf(value: string): string | null {
  try {
    return new URL(value).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/** Agencies whose name in a byline credits them (shorter acronyms there may be places: "Pittsburgh, PA"). */
const BYLINE_AGENCIES = ['Associated Press', 'AP', 'Agence France-Presse', 'AFP', 'Reuters', 'UPI', 'PTI', 'IANS', 'ANI', 'dpa', 'Xinhua', 'Press Association', 'Canadian Press'];

/** Each of BYLINE_AGENCIES as a word: built once, as compiling a Unicode pattern costs far more than running it. */
const BYLINE_AGENCY_WORDS = BYLINE_AGENCIES.map((name) => ({ name, word: new RegExp(String.raw`(?:^|[^\p{L}])${escapeRegExp(name)}(?:$|[^\p{L}])`, 'u') }));

/** A wire agency named as a word of the byline ("The Associated Press", "Robert Burns, AP Writer", "PTI"). */
function agencyInByline(author: string | null): string | null {
  if (!author) return null;
  return BYLINE_AGENCY_WORDS.find(({ word }) => word.test(author))?.name ?? null;
}

/** The first `lead` and the last `tail` paragraphs of a text (the last ones last first), whitespace collapsed. */
function endParagraphs(text: string | null, lead: number, tail: number): { first: string[]; last: string[] } {
  const raw = (text ?? '').split(/\n\s*\n/);
  const first: string[] = [];
  for (let i = 0; i < raw.length && first.length < lead; i++) pushParagraph(first, raw[i]);
  const last: string[] = [];
  for (let i = raw.length - 1; i >= 0 && last.length < tail; i--) pushParagraph(last, raw[i]);
  return { first, last };
}

function pushParagraph(paragraphs: string[], raw: string): void {
  const paragraph = collapseWhitespace(raw).trim();
  if (paragraph) paragraphs.push(paragraph);
}

/** The original publisher the page credits, or null when it credits none (or only itself). */
export function detectAttribution(input: AttributionInput): string | null {
  const pageHost = hostOf(input.pageUrl);
  const own = new Set([...input.ownNames, pageHost ?? ''].filter(Boolean).map((name) => name.toLowerCase()));
  const stated = input.statedSource;
  const statedHost = stated ? hostOf(stated) : null;
  const statedName = stated && statedHost === null ? publisherName(stated, own) : null;
  if (statedName) return statedName;
  const closing = input.pickedText ?? input.bodyText;
  // The body is split into paragraphs once when its closing lines are the ones searched (no picked text given).
  const ends = closing === input.bodyText ? endParagraphs(input.bodyText, LEAD_PARAGRAPHS, TAIL_PARAGRAPHS) : null;
  const lead = ends?.first ?? endParagraphs(input.bodyText, LEAD_PARAGRAPHS, 0).first;
  const tail = ends?.last ?? endParagraphs(closing, 0, TAIL_PARAGRAPHS).last;
  for (const [paragraph, isLead] of [...lead.map((p) => [p, true] as const), ...tail.map((p) => [p, false] as const)]) {
    const name = creditsIn(paragraph, isLead).map((credit) => publisherName(credit, own)).find((credit) => credit !== null);
    if (name) return name;
  }
  const agency = agencyInByline(input.author);
  if (agency && publisherName(agency, own)) return agency;
  const sameSite = statedHost && pageHost && (statedHost === pageHost || statedHost.endsWith(`.${pageHost}`) || pageHost.endsWith(`.${statedHost}`));
  return statedHost && !sameSite ? statedHost : null;
}
