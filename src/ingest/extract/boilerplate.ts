/**
 * Removes boilerplate that survives inside the content readability picked, recognised by its text:
 * "Read also" / "Related" link blocks and the lists they head, bylines and timestamps at the top, photo
 * captions and credits, "Advertisement" labels, newsletter and follow-us prompts, copyright lines; and by its
 * links: runs of lines that are links and little more, and clusters of links set inside prose.
 * Site-independent: the phrases are the conventions of news and blog pages in general.
 */
import { nodeToText } from '../sanitize';
import { ALL_RULES, type ExtractionRules } from './rules';

/** Blocks, innermost first, whose text is judged as a unit. */
const BLOCK_TAGS = 'p, h1, h2, h3, h4, h5, h6, li, dt, dd, blockquote, figure, table, pre, div, section, ul, ol, dl';

/** Labels that stand alone as a block and are never story text. */
const LABEL = /^(?:advertisement|advert|ad|sponsored|story continues below|continue reading below|article continues below|scroll to continue(?: with content)?|this slideshow requires javascript\.?|skip to (?:main )?content|caption|close|image \d+ of \/? ?\d+|loading\.*|click to expand|report (?:an )?error|report a typo|comments?|\d+ comments?|share(?: this)?(?: article| story)?|tweet|email|print)$/i;

/** Lead-ins of links to other stories: "Read also:", "SEE MORE:", "Related:", "Don't miss", and their common translations. */
const RELATED_LEAD =
  /^(?:read (?:also|more|next)|also read|see (?:also|more)|related(?: articles?| stories| coverage| content| news| posts?| reading)?|more(?: on this| from| stories| news)?|recommended(?: reading)?|further reading|don['’]t miss|must read|up next|watch(?: now)?|listen|editor['’]s picks?|trending(?: now)?|most (?:read|popular|viewed)|popular(?: now)?|you (?:may|might) (?:also )?like|top stories|latest(?: news| stories)?|news line|news feed|also(?: on)?|click here|читайте (?:також|также|тоже)|lesen sie auch|(?:à )?lire aussi|leia também|lee también|leggi anche|czytaj (?:też|także))(?:\s*(?:[:|»›>–—-]|\.\.\.|…)|$)/iu;

/** True when the text is nothing but a related-links lead-in ("You may also like...", "Related"). */
function isLeadOnly(text: string): boolean {
  return text.replace(RELATED_LEAD, '').replace(/[\s:|»›>–—.…-]+/g, '') === '';
}

/** Closing lines that belong to the site, not the story. */
const SITE_LINE =
  /^(?:citation:|this (?:document|article|material|content) (?:is subject to copyright|may not be)|(?:copyright\s*)?(?:©|\(c\))|copyright\s*(?:@\s*)?\d{4}|all rights reserved|have a (?:news )?tip\b|follow (?:him|her|them|us|me)\b|follow\b.{0,80}\bon (?:twitter|facebook|instagram|linkedin|youtube|tiktok)\b|if you (?:enjoyed|liked) this\b|sign up\b|subscribe\b|get (?:the latest|our)\b|join (?:us|our)\b|join the (?:conversation|discussion)\b|tell us what you think|like this:|share this:|filed under|posted in|tags?:|topics?:|categories?:|leave a (?:comment|reply)|this post may contain affiliate|this (?:article|post|story) (?:was|is) (?:originally|first) published)/i;

/** The last sentence of a text: what a closing block ends on ("… is out now. Follow him on Twitter @mike."). */
function lastSentence(text: string): string {
  return text.split(/(?<=[.!?])\s+(?=\p{Lu})/u).pop() ?? text;
}

/** Caption and credit forms: "Photo: X", "(Image: GETTY)", "… (AP Photo/Jane Doe)", "…Credit: EPA". */
const CAPTION =
  /^(?:photo|image|picture|foto|video|credit|source: getty|getty images)\b\s*[:|/]|\((?:[^()]*\b(?:photo|image|picture|credit|getty|file|shutterstock|istock)\b[^()]*)\)\s*$|^image (?:copyright|caption)\b/i;

/** A credit glued to the end of a caption: "…sought treatmentCredit: EPA". */
const CREDIT_TAIL = /Credits?:\s*[^.]{1,80}$/;

/** A byline or timestamp line: "By Jane Doe", "Updated 5:27 am", "Published: 10:48, Tue, Nov 19, 2019". */
const BYLINE = /^(?:by\s+\p{Lu}|written by|posted(?: on| by)?\b|published(?: on| by)?\b|updated(?: on)?\b|last (?:updated|modified)\b|(?:\|\s*)?updated:)/iu;

/** Something that reads like a date or a time of day. */
const DATE_OR_TIME = /\b\d{1,2}:\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b|\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:\d+ (?:minutes?|hours?|days?) ago)\b/i;

/** True for text that ends like a sentence: a word and a full stop ("… a.m." does not). */
function isSentence(text: string): boolean {
  return /\p{L}{2}[.!?]["”’)]?$/u.test(text);
}

/** A short line with a date or time that is not a sentence. */
function isTimestamp(text: string): boolean {
  return DATE_OR_TIME.test(text) && text.split(' ').length <= 12 && !isSentence(text);
}

/** Leading blocks searched for bylines and timestamps. */
const HEAD_BLOCKS = 5;

/** Closing blocks where longer site lines (copyright notices) are searched. */
const TAIL_BLOCKS = 3;

/**
 * An element's text as a reader sees it, on one line. Not textContent: that runs a table's cells together, and
 * "225.86" "-12.99" read "86-12.99", a date, which made a stock table a timestamp.
 */
function textOf(element: Element): string {
  return nodeToText(element).replace(/\s+/g, ' ').trim();
}

/** Share of an element's text that sits inside links. */
function linkDensity(element: Element): number {
  const total = textOf(element).length;
  if (total === 0) return 0;
  const linked = Array.from(element.querySelectorAll('a')).reduce((sum, a) => sum + textOf(a).length, 0);
  return Math.min(1, linked / total);
}

/** The innermost blocks that hold text, in document order: the units boilerplate is judged in. */
export function leafBlocks(content: Element): Element[] {
  return Array.from(content.querySelectorAll(BLOCK_TAGS)).filter((block) => block.querySelector(BLOCK_TAGS) === null && textOf(block) !== '');
}

/** A heading-like block: a heading, or a short block that is all bold or all capitals. */
function isHeadingLike(block: Element, text: string): boolean {
  if (/^H[1-6]$/.test(block.tagName)) return true;
  if (text.length > 80) return false;
  const bold = Array.from(block.querySelectorAll('strong, b')).reduce((sum, b) => sum + textOf(b).length, 0);
  return bold >= text.length * 0.9 || isShouted(text);
}

/** All in capitals, as promos and related-story kickers are set ("CLICK HERE TO GET THE APP"). */
function isShouted(text: string): boolean {
  return /\p{Lu}.*\p{Lu}/u.test(text) && text === text.toUpperCase();
}

/** A linked heading in a list item: a teaser card for another story (a linked heading in the flow may be a product's). */
function isTeaserHeading(block: Element): boolean {
  return /^H[1-6]$/.test(block.tagName) && block.closest('li') !== null;
}

/** The siblings after a "Related" heading that are lists of links to other stories. */
function linkListsAfter(heading: Element): Element[] {
  const lists: Element[] = [];
  for (let next = heading.nextElementSibling; next; next = next.nextElementSibling) {
    const text = textOf(next);
    if (text === '') continue;
    if (linkDensity(next) < 0.5) break;
    lists.push(next);
  }
  return lists;
}

/** True when `parent` holds text outside `child`: read sibling by sibling, so a long list costs one sibling each. */
function hasOtherText(parent: Element, child: Element): boolean {
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node !== child && (node.textContent ?? '').trim() !== '') return true;
  }
  return false;
}

/** The outermost ancestor below `content` that holds nothing but this block's text. */
function wrapperOf(block: Element, content: Element): Element {
  let element = block;
  while (element.parentElement && element.parentElement !== content && !hasOtherText(element.parentElement, element)) {
    element = element.parentElement;
  }
  return element;
}

/** Dates and times as headline lists print them beside each link: "12:21 18.04.2025", "Nov 19, 2019". */
const DATE_TOKENS = /\b(?:\d+|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|[a-z]+day|am|pm|a\.m|p\.m|ago|min|mins|minutes?|hours?|days?)\b|[\s.,:/|–—()-]+/gi;

/** Links an element must hold, and the share of its text they must make, to be a cluster of links rather than prose. */
const CLUSTER_LINKS = 3;
const CLUSTER_DENSITY = 0.9;

/**
 * Clusters of links set inside a paragraph's prose (a hover card of a person's latest stories): the innermost
 * inline elements of a block that hold several links and nothing but them, while the block holds other text.
 */
function linkClustersIn(block: Element): Element[] {
  const own = textOf(block).length;
  const clusters = Array.from(block.querySelectorAll('span')).filter(
    (span) => span.querySelectorAll('a').length >= CLUSTER_LINKS && linkDensity(span) >= CLUSTER_DENSITY && textOf(span).length < own * 0.9,
  );
  return clusters.filter((cluster) => !clusters.some((other) => other !== cluster && cluster.contains(other)));
}

/** Consecutive link lines that make a run of links to other pages ("Related", "Most read", a news line). */
const RUN_LENGTH = 3;

/**
 * A block that is a link and little more: its text outside links is at most a date or time (as headline lists
 * print beside each link) or a tenth of its text, and it does not end like a sentence.
 */
function isLinkLine(block: Element): boolean {
  const text = textOf(block);
  if (text.length >= 150 || isSentence(text)) return false;
  const linked = Array.from(block.querySelectorAll('a')).map(textOf).filter(Boolean);
  if (linked.length === 0) return false;
  const rest = linked.reduce((left, link) => left.replace(link, ''), text).replace(DATE_TOKENS, '');
  return rest.length <= Math.max(3, text.length * (1 - CLUSTER_DENSITY));
}

/** Blocks in runs of at least RUN_LENGTH consecutive link lines, with the heading just above a run. */
function linkRuns(blocks: Element[]): Element[] {
  const found: Element[] = [];
  let run: number[] = [];
  const close = () => {
    if (run.length >= RUN_LENGTH) {
      const above = blocks[run[0] - 1];
      if (above && isHeadingLike(above, textOf(above)) && !isSentence(textOf(above))) found.push(above);
      found.push(...run.map((i) => blocks[i]));
    }
    run = [];
  };
  blocks.forEach((block, index) => (isLinkLine(block) ? run.push(index) : close()));
  close();
  return found;
}

/** What to do with one block: keep it, remove it, or remove it with the link lists it heads. */
type Verdict = 'keep' | 'remove' | 'remove-with-links';

/** Judges one innermost block by its text, its links and its position among `count` blocks. */
function judge(block: Element, index: number, count: number, section: string | null, rules: ExtractionRules): Verdict {
  const text = textOf(block);
  const short = text.length < 200;
  const heading = isHeadingLike(block, text);
  if (rules.has('labels') && LABEL.test(text)) return 'remove';
  if (rules.has('related-leads') && short && RELATED_LEAD.test(text)) {
    if (heading || isLeadOnly(text)) return 'remove-with-links';
    if (linkDensity(block) > 0.3) return 'remove';
  }
  if (rules.has('shouted-links') && short && linkDensity(block) > 0.9 && (isShouted(text) || isTeaserHeading(block))) return 'remove';
  // A closing block may be a site line, or end with one ("… is out now. Follow him on Twitter.").
  const closing = index >= count - TAIL_BLOCKS && text.length < 500;
  if (rules.has('site-lines') && (((short || closing) && SITE_LINE.test(text)) || (closing && SITE_LINE.test(lastSentence(text))))) return 'remove';
  if (rules.has('captions') && text.length < 400 && (CAPTION.test(text) || CREDIT_TAIL.test(text))) return 'remove';
  if (rules.has('bylines') && index < HEAD_BLOCKS && text.length < 120 && ((BYLINE.test(text) && !isSentence(text)) || isTimestamp(text))) return 'remove';
  if (rules.has('section-label') && index < HEAD_BLOCKS && section !== null && text.toLowerCase() === section.toLowerCase()) return 'remove';
  return 'keep';
}

/** Removes boilerplate from the content readability picked; `section` is the page's own section label. */
export function removeBoilerplate(content: Element, section: string | null, rules: ExtractionRules = ALL_RULES): void {
  const blocks = leafBlocks(content);
  const doomed = new Set<Element>();
  blocks.forEach((block, index) => {
    const verdict = judge(block, index, blocks.length, section, rules);
    if (verdict !== 'keep') doomed.add(block);
    if (verdict === 'remove-with-links') linkListsAfter(wrapperOf(block, content)).forEach((list) => doomed.add(list));
  });
  if (rules.has('link-clusters')) blocks.forEach((block) => linkClustersIn(block).forEach((cluster) => doomed.add(cluster)));
  if (rules.has('link-runs')) linkRuns(blocks).forEach((block) => doomed.add(block));
  // A <time> standing between blocks rather than inside a sentence is the story's timestamp.
  for (const time of rules.has('timestamps') ? Array.from(content.querySelectorAll('time')) : []) {
    const parent = time.parentElement;
    if (parent && (parent.querySelector(BLOCK_TAGS) !== null || textOf(parent) === textOf(time))) doomed.add(time);
  }
  for (const element of doomed) wrapperOf(element, content).remove();
}
