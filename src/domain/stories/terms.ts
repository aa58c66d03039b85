/**
 * A headline (and, when known, its article's lead) as the story grouper compares it: normalized terms, each with
 * a boost that says how much it names the event rather than describes it. Pure and deterministic.
 */

/** One term of a text: its normalized form and its boost (1 for a plain word, more for a name or a number). */
export interface Term {
  term: string;
  boost: number;
}

/** How terms are weighed before IDF; the defaults are what bench:stories cross-validated (see bench/README.md). */
export interface TermOptions {
  /** Boost of a name-like word (capitalized inside a sentence-case headline, or all-caps, or mixed case). */
  entityBoost: number;
  /** Boost of a number (years, sums, model numbers: "iOS 7.1", "$15", "2014"). */
  numberBoost: number;
  /** Boost of a term found only in the lead text, not in the headline. */
  leadBoost: number;
  /** How many words of the lead text are read (the first sentences say what happened; later ones wander). */
  leadWords: number;
  /** Whether plural and possessive endings are removed ("elections" and "election" one term). */
  stem: boolean;
}

export const DEFAULT_TERM_OPTIONS: TermOptions = { entityBoost: 1, numberBoost: 1, leadBoost: 0.5, leadWords: 40, stem: true };

/**
 * Function words of English, German and French headlines: they say nothing about which event is told, and
 * online IDF learns that too slowly for the first headlines of a fresh database.
 */
const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been but by for from has have he her his how i if in into is it its of on or our ' +
    'she so than that the their them then there these they this to up was we were what when where which who ' +
    'why will with you your not no new after over about says said say more can could would should may might ' +
    'just than out off get gets got all any do does did being s t vs via amid per ' +
    'der die das und ist im in den dem des ein eine einer nicht mit von zu auf fur sich bei nach wie aus auch ' +
    'le la les un une des du de et est en au aux pour par sur dans pas qui que ce il elle avec plus'
  ).split(' '),
);

/** Words, numbers with their inner points and commas ("7.1", "1,000"), and words with inner apostrophes or hyphens. */
const TOKEN = /[\p{L}\p{N}]+(?:[.,'’\-][\p{L}\p{N}]+)*/gu;
const NUMBER = /^\p{N}[\p{N}.,]*$/u;
const UPPER = /\p{Lu}/u;
const DIACRITICS = /\p{M}+/gu;

/** The headline's and lead's terms, each once, with the highest boost it earned; the headline's come first. */
export function termsOf(title: string, lead: string | null, options: TermOptions = DEFAULT_TERM_OPTIONS): Term[] {
  const boosts = new Map<string, number>();
  addTerms(boosts, title, 1, options);
  if (lead) addTerms(boosts, firstWords(lead, options.leadWords), options.leadBoost, options);
  return [...boosts].map(([term, boost]) => ({ term, boost }));
}

/** The longest term kept. */
const MAX_TERM_LENGTH = 64;

/** Adds each token's term with `scale` × its boost, keeping the highest boost a term has had. */
function addTerms(boosts: Map<string, number>, text: string, scale: number, options: TermOptions): void {
  const tokens = text.match(TOKEN) ?? [];
  const titleCase = isTitleCase(tokens);
  tokens.forEach((token, index) => {
    const term = normalize(token, options.stem);
    // A "word" of more than 64 characters is no word (a hash, a run of letters), and as a key of the terms' index it
    // could pass PostgreSQL's limit for one index entry.
    if (term.length < 2 || term.length > MAX_TERM_LENGTH || STOPWORDS.has(term)) return;
    const boost = scale * tokenBoost(token, index, titleCase, options);
    if ((boosts.get(term) ?? 0) < boost) boosts.set(term, boost);
  });
}

/** A number, a name-like word, or a plain word: see TermOptions. */
function tokenBoost(token: string, index: number, titleCase: boolean, options: TermOptions): number {
  if (NUMBER.test(token)) return options.numberBoost;
  // In Title Case Headlines every word is capitalized, so only all-caps and inner capitals ("McDonald's",
  // "iOS", "GM") mark a name there; in sentence case, a capital after the first word does too.
  const inner = UPPER.test(token.slice(1));
  const capital = UPPER.test(token[0]) && index > 0 && !titleCase;
  return inner || capital ? options.entityBoost : 1;
}

/** True when most words of three letters or more start with a capital: capitals then say little. */
function isTitleCase(tokens: string[]): boolean {
  const words = tokens.filter((token) => token.length >= 3 && !NUMBER.test(token));
  if (words.length < 2) return false;
  return words.filter((word) => UPPER.test(word[0])).length >= words.length * 0.6;
}

/** normalize()'s answers for the tokens met lately, with and without stemming: news repeats its words. */
const NORMALIZED = [new Map<string, string>(), new Map<string, string>()];
/** Tokens remembered at most, per map; a full map is emptied and fills again. */
const NORMALIZED_LIMIT = 50_000;

/** Lower case, accents folded, possessive and plural endings removed (a light English "S" stemmer). */
export function normalize(token: string, stem = true): string {
  const known = NORMALIZED[stem ? 1 : 0];
  let term = known.get(token);
  if (term === undefined) {
    if (known.size >= NORMALIZED_LIMIT) known.clear();
    known.set(token, (term = normalized(token, stem)));
  }
  return term;
}

function normalized(token: string, stem: boolean): string {
  let term = token.normalize('NFKD').replace(DIACRITICS, '').toLowerCase().replace(/’/g, "'");
  if (NUMBER.test(term)) return term.replace(/,/g, '');
  if (!stem) return term;
  term = term.replace(/'s?$/, '');
  // Harman's S-stemmer: "elections" -> "election", "companies" -> "company", but "news", "bus", "glass" stay.
  if (term.length > 4 && term.endsWith('ies') && !/[ae]ies$/.test(term)) return `${term.slice(0, -3)}y`;
  if (term.length > 3 && term.endsWith('es') && !/[aeo]es$/.test(term)) return term.slice(0, -1);
  if (term.length > 3 && term.endsWith('s') && !/(us|ss|is|ws)$/.test(term)) return term.slice(0, -1);
  return term;
}

/** The first `count` words of a text. */
function firstWords(text: string, count: number): string {
  const words = text.split(/\s+/, count + 1);
  return words.slice(0, count).join(' ');
}
