import { Parser } from 'htmlparser2';
import { collapseWhitespace } from '../../domain/whitespace';

/** Elements whose boundaries are paragraph breaks (a blank line in the text). */
const PARAGRAPH_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'caption', 'center', 'details', 'dialog', 'dir', 'div', 'dl',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'hgroup', 'hr', 'legend', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'ul',
]);

/** Elements whose boundaries are line breaks: one item or row per line. */
const LINE_TAGS = new Set(['li', 'dt', 'dd', 'tr', 'thead', 'tbody', 'tfoot']);

/** Elements whose boundaries separate words: table cells. */
const CELL_TAGS = new Set(['td', 'th']);

/** Elements that carry no readable text. */
const SILENT_TAGS = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'select', 'textarea', 'iframe', 'object', 'svg']);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/**
 * Builds the text: breaks are held back until the next word, so they never stack up or trail. Text is only
 * ever appended: reading the text built so far (its last character, trimming its end) would flatten it each
 * time, which made laying out a long text quadratic; what is known of its end is kept aside instead.
 */
class TextWriter {
  private out = '';
  /** The last character appended, '' when nothing was. */
  private last = '';
  /** Whether the text may end in whitespace: only preformatted text can. */
  private whitespaceAtEnd = false;
  private pendingBreak = 0;
  private pendingSpace = false;

  /** Asks for at least `lines` line breaks before the next text (2 = a blank line). */
  break(lines: number): void {
    this.pendingBreak = Math.max(this.pendingBreak, lines);
  }

  /** Adds one forced line break (a `<br>`): two in a row make a blank line. */
  lineBreak(): void {
    this.pendingBreak = Math.min(2, this.pendingBreak + 1);
    this.pendingSpace = false;
  }

  space(): void {
    this.pendingSpace = true;
  }

  text(raw: string, preformatted: boolean): void {
    const text = preformatted ? raw : collapseWhitespace(raw);
    if (text === '') return;
    if (!preformatted && text === ' ') {
      this.pendingSpace = true;
      return;
    }
    const leadingSpace = !preformatted && text.startsWith(' ');
    const body = preformatted ? text : text.trimStart();
    if (this.last !== '') {
      if (this.pendingBreak > 0) this.out = (this.whitespaceAtEnd ? this.out.trimEnd() : this.out) + '\n'.repeat(this.pendingBreak);
      else if ((this.pendingSpace || leadingSpace) && !/\s/.test(this.last)) this.out += ' ';
    }
    this.pendingBreak = 0;
    this.pendingSpace = !preformatted && body.endsWith(' ');
    // Collapsed text starts and ends with a word once trimmed; preformatted text is kept as it is.
    const added = preformatted ? body : body.trimEnd();
    this.out += added;
    this.last = added[added.length - 1];
    this.whitespaceAtEnd = preformatted && /\s$/.test(added);
  }

  toString(): string {
    return this.out.replace(/[ \t]+\n/g, '\n').trim();
  }
}

/**
 * Lays out text from the start tags, end tags and text of HTML, in document order, whether they come from
 * walking a DOM or from the parser's events: one set of rules for both.
 */
class TextLayout {
  private readonly writer = new TextWriter();
  /** Depth inside elements that say nothing: their content, elements included, is skipped. */
  private silent = 0;
  private preformatted = 0;

  /** A start tag (lower-case name); false when the element's content is not read. */
  open(tag: string): boolean {
    if (this.silent > 0 || SILENT_TAGS.has(tag)) {
      this.silent += 1;
      return false;
    }
    if (tag === 'br') this.writer.lineBreak();
    else if (PARAGRAPH_TAGS.has(tag)) this.writer.break(2);
    else if (LINE_TAGS.has(tag)) this.writer.break(1);
    else if (CELL_TAGS.has(tag) || tag === 'img') this.writer.space();
    if (tag === 'pre') this.preformatted += 1;
    return true;
  }

  /** The end of an element opened before. */
  close(tag: string): void {
    if (this.silent > 0) {
      this.silent -= 1;
      return;
    }
    if (PARAGRAPH_TAGS.has(tag)) this.writer.break(2);
    else if (LINE_TAGS.has(tag)) this.writer.break(1);
    else if (CELL_TAGS.has(tag)) this.writer.space();
    if (tag === 'pre') this.preformatted -= 1;
  }

  text(data: string): void {
    if (this.silent === 0) this.writer.text(data, this.preformatted > 0);
  }

  toString(): string {
    return this.writer.toString();
  }
}

function walk(node: Node, layout: TextLayout): void {
  if (node.nodeType === TEXT_NODE) {
    layout.text(node.nodeValue ?? '');
    return;
  }
  if (node.nodeType !== ELEMENT_NODE) {
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child, layout);
    return;
  }
  const tag = (node as Element).tagName.toLowerCase();
  if (layout.open(tag)) {
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child, layout);
  }
  layout.close(tag);
}

/** The readable text of a DOM subtree, laid out as `htmlToText` describes. */
export function nodeToText(node: Node): string {
  const layout = new TextLayout();
  walk(node, layout);
  return layout.toString();
}

/**
 * Plain text of an HTML fragment, block-aware: paragraphs, headings and other blocks are separated by a
 * blank line, list items, table rows and `<br>` by a line break, cells by a space; whitespace is collapsed
 * except inside `<pre>`; scripts and styles say nothing. Read from the parser's events, with no DOM built.
 */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return collapseWhitespace(html).trim();
  const layout = new TextLayout();
  const parser = new Parser({
    onopentagname: (name) => layout.open(name),
    onclosetag: (name) => layout.close(name),
    ontext: (data) => layout.text(data),
  });
  parser.end(html);
  return layout.toString();
}
