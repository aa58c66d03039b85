/**
 * Removes page chrome that the markup itself declares (navigation, headers, footers, sidebars, share bars,
 * comments, ads, captions, related-story boxes) before readability looks for the article, so it can neither
 * pick a container full of chrome nor keep chrome inside the article. Site-independent: it reads only tag
 * names, ARIA roles and the words in class names and ids.
 */
import { ALL_RULES, type ExtractionRules } from './rules';

/** Elements that are chrome wherever they stand. */
const CHROME_TAGS = 'nav, aside, footer, header, button, select, textarea, input, dialog, iframe, figcaption, [hidden]';

/** ARIA landmark and widget roles that are not the article (https://www.w3.org/TR/wai-aria-1.2/#landmark_roles). */
const CHROME_ROLES = '[role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], [role="search"], [role="dialog"], [role="alertdialog"], [role="menu"], [role="menubar"], [role="toolbar"], [role="tablist"], [aria-hidden="true"]';

/**
 * Words that name chrome in class names and ids, matched as whole dash/underscore-separated parts
 * ("share-bar", "related_links", "ad-slot") and, for the longer ones, as parts of camelCase names.
 */
const CHROME_WORDS = [
  'share', 'sharing', 'sharebar', 'social', 'socials', 'comment', 'comments', 'disqus', 'related', 'recirc', 'recirculation',
  'recommended', 'recommendations', 'newsletter', 'subscribe', 'subscription', 'signup', 'promo', 'promotion', 'advert',
  'advertisement', 'advertising', 'ads', 'adslot', 'adunit', 'dfp', 'sponsor', 'sponsored', 'outbrain', 'taboola',
  'sidebar', 'breadcrumb', 'breadcrumbs', 'byline', 'dateline', 'caption', 'credit', 'credits', 'cookie', 'cookies',
  'consent', 'gdpr', 'paywall', 'modal', 'popup', 'overlay', 'toolbar', 'widget', 'widgets', 'navbar', 'menu', 'masthead',
  'footer', 'header', 'pagination', 'pager', 'trending', 'popular', 'mostread', 'most-read', 'readmore', 'read-more',
  'more-stories', 'tags', 'tag-list', 'taglist', 'topics', 'author', 'authors', 'bio', 'sr-only', 'visually-hidden',
  'screen-reader-text', 'print-only', 'skip-link', 'jump-link', 'timestamp',
];

const CHROME_NAME = new RegExp(`(?:^|[-_\\s])(?:${CHROME_WORDS.map((w) => w.replace(/-/g, '[-_]?')).join('|')})(?:$|[-_\\s\\d])`, 'i');

/** Words that name the story's own containers; such a container with text is kept whatever else its name says. */
const CONTENT_NAME = /(?:^|[-_\s])(?:body|content|story|text|article|entry|main)(?:$|[-_\s\d])/i;

/** Tags never removed for their class: the document and the article's own containers. */
const PROTECTED_TAGS = new Set(['HTML', 'BODY', 'MAIN', 'ARTICLE']);

/** Elements whose text is code or data, not prose. */
const NOT_TEXT_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'CODE', 'PRE']);

/** The element holding the most text as its own paragraphs and text nodes: the likeliest article body. */
function densestTextParent(doc: Document): Element | null {
  let best: Element | null = null;
  let bestLength = 0;
  for (const element of Array.from(doc.body?.querySelectorAll('*') ?? [])) {
    if (NOT_TEXT_TAGS.has(element.tagName)) continue;
    let length = 0;
    for (let child = element.firstChild; child; child = child.nextSibling) {
      const isText = child.nodeType === 3 || (child.nodeType === 1 && (child as Element).tagName === 'P');
      if (isText) length += (child.textContent ?? '').trim().length;
    }
    if (length > bestLength) [best, bestLength] = [element, length];
  }
  return best;
}

/** The elements chrome removal must keep: the article body's likeliest containers and their ancestors. */
function protectedElements(doc: Document): Set<Element> {
  const kept = new Set<Element>();
  const anchors = [densestTextParent(doc), ...Array.from(doc.querySelectorAll('[itemprop~="articleBody"]'))];
  for (const anchor of anchors) {
    for (let element: Element | null = anchor; element; element = element.parentElement) kept.add(element);
  }
  return kept;
}

/** The element's id and classes as dash-separated words ("imageEmbedCaption" reads "image-Embed-Caption"). */
function nameOf(element: Element): string {
  return `${element.getAttribute('id') ?? ''} ${element.getAttribute('class') ?? ''}`.replace(/(\p{Ll})(\p{Lu})/gu, '$1-$2').trim();
}

/** Removes the chrome the document marks as such, keeping whatever contains the article body. */
export function removeMarkedChrome(doc: Document, rules: ExtractionRules = ALL_RULES): void {
  const kept = protectedElements(doc);
  const removable = (element: Element) => !kept.has(element) && element.isConnected;
  const selectors = [rules.has('chrome-tags') ? CHROME_TAGS : null, rules.has('chrome-roles') ? CHROME_ROLES : null].filter(Boolean);
  for (const element of selectors.length > 0 ? Array.from(doc.querySelectorAll(selectors.join(', '))) : []) {
    if (removable(element)) element.remove();
  }
  if (!rules.has('chrome-class-names')) return;
  for (const element of Array.from(doc.querySelectorAll('[class], [id]'))) {
    if (PROTECTED_TAGS.has(element.tagName) || !removable(element)) continue;
    const name = nameOf(element);
    if (name === '' || !CHROME_NAME.test(name)) continue;
    if (CONTENT_NAME.test(name) && (element.textContent ?? '').length >= 300) continue;
    // An embedded post (a quoted tweet) is part of the story even inside a "social-embed" wrapper: it stays, alone.
    const quotes = Array.from(element.querySelectorAll('blockquote')).filter((q) => !q.parentElement?.closest('blockquote'));
    element.replaceWith(...quotes);
  }
}
