import { slugify } from '../domain/slugify';
import { LinkRequest, PhraseGenerator } from './grammar';
import { DemoLanguage, Lexicon, PROPER_NAMES, Topic } from './lexicon';
import { ENGLISH } from './lexicon-en';
import { GERMAN } from './lexicon-de';
import { FRENCH } from './lexicon-fr';
import { Random } from './random';
import type { DemoStory } from './stories';

const LEXICONS: Readonly<Record<DemoLanguage, Lexicon>> = { en: ENGLISH, de: GERMAN, fr: FRENCH };

/** Chance that a paragraph links one of the names it mentions to the site's page about it. */
const PARAGRAPH_LINK_CHANCE = 0.2;
const ANCHOR_TAGS = /<a href="[^"]*">|<\/a>/g;

/** The generated text of one article: the same content as HTML and as plain text, and its opening as summary. */
export interface ArticleText {
  summary: string;
  html: string;
  text: string;
}

/** What an article body is to look like. */
export interface BodyPlan {
  /** Roughly how many words to write; the body ends with the paragraph that reaches it. */
  words: number;
  /** The publisher's site, for links to its topic pages. */
  site: string;
  /** An earlier article to point readers to, or null. */
  readAlso: { title: string; url: string } | null;
}

/** Writes headlines, bylines, tags and article bodies about one topic in one language. */
export class ArticleWriter {
  constructor(
    private readonly lexicon: Lexicon,
    private readonly phrases: PhraseGenerator,
  ) {}

  /** A headline, in the headline style of the language. */
  headline(random: Random): string {
    const headline = this.phrases.expand('headline', random);
    return capitalize(this.lexicon.headlineArticle ? headline.replace(this.lexicon.headlineArticle, '') : headline);
  }

  /** One author's name, sometimes two. */
  authors(random: Random): string {
    return this.phrases.expand('authors', random);
  }

  /** Up to `count` distinct tags of the topic. */
  tags(random: Random, count: number): string[] {
    const tags = new Set<string>();
    for (let attempt = 0; attempt < count * 3 && tags.size < count; attempt++) tags.add(this.phrases.expand('tag', random));
    return [...tags];
  }

  /** A body of paragraphs with the odd sub-heading, pull quote and link, opening with a lede that is also the summary. */
  article(random: Random, plan: BodyPlan): ArticleText {
    const html: string[] = [];
    const text: string[] = [];
    let written = 0;
    const add = (blockHtml: string, blockText: string) => {
      html.push(blockHtml);
      text.push(blockText);
      written += roughWordCount(blockText);
    };
    const addParagraph = (opening?: string) => {
      const [paragraphHtml, paragraphText] = this.paragraph(random, plan.site, opening);
      add(`<p>${paragraphHtml}</p>`, paragraphText);
    };

    const lede = capitalize(this.phrases.expand('lede', random));
    const summary = random.chance(0.5) ? `${lede} ${capitalize(this.phrases.expand('sentence', random))}` : lede;
    addParagraph(summary);
    while (written < plan.words) {
      const roll = random.next();
      if (html.length >= 2 && roll < 0.08) {
        const heading = capitalize(this.phrases.expand('subheading', random));
        add(`<h2>${heading}</h2>`, heading);
        addParagraph();
      } else if (html.length >= 2 && roll < 0.14) {
        const [open, close] = this.lexicon.quoteMarks;
        const quote = `${open}${this.phrases.expand('quote', random)}${close}`;
        add(`<blockquote><p>${quote}</p></blockquote>`, quote);
      } else {
        addParagraph();
      }
      if (html.length === 2 && plan.readAlso) {
        const { title, url } = plan.readAlso;
        add(`<p>${this.lexicon.readAlso}: <a href="${url}">${title}</a></p>`, `${this.lexicon.readAlso}: ${title}`);
      }
    }
    return { summary, html: html.join('\n'), text: text.join('\n\n') };
  }

  /** Two to four sentences (after `opening`, when given), as HTML and as text. */
  private paragraph(random: Random, site: string, opening?: string): [string, string] {
    const count = random.int(2, 4);
    const linked = random.chance(PARAGRAPH_LINK_CHANCE) ? random.int(opening ? 1 : 0, count - 1) : -1;
    let html = opening ?? '';
    let text = html;
    for (let i = opening ? 1 : 0; i < count; i++) {
      const separator = i === 0 ? '' : ' ';
      if (i === linked) {
        const link: LinkRequest = { href: (name) => `${site}/topics/${pathSlug(name)}`, placed: false };
        const sentence = capitalize(this.phrases.expand('sentence', random, link));
        html += separator + sentence;
        text += separator + (link.placed ? sentence.replace(ANCHOR_TAGS, '') : sentence);
      } else {
        const sentence = capitalize(this.phrases.expand('sentence', random));
        html += separator + sentence;
        text += separator + sentence;
      }
    }
    return [html, text];
  }
}

const writers = new Map<string, ArticleWriter>();

/** The writer for a language and topic (about one story of it, when given), its grammar compiled on first use. */
export function writerFor(language: DemoLanguage, topic: Topic, story: DemoStory | null = null): ArticleWriter {
  const key = `${language}/${topic}/${story?.name ?? ''}`;
  let writer = writers.get(key);
  if (!writer) {
    const lexicon = LEXICONS[language];
    const grammar = { ...PROPER_NAMES, ...lexicon.grammar, ...lexicon.topics[topic], ...story?.grammars[language] };
    writer = new ArticleWriter(lexicon, new PhraseGenerator(grammar));
    writers.set(key, writer);
  }
  return writer;
}

/** A URL path segment for a title: the slug of its first eight words. */
export function pathSlug(title: string): string {
  return slugify(title, 8);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Words as spaces plus one: cheap, and close enough to decide when a body is long enough. */
function roughWordCount(text: string): number {
  let words = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 32) words++;
  return words;
}
