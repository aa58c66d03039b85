import { JSDOM } from 'jsdom';

/** Elements whose boundaries are paragraph breaks (a blank line in the text). */
const PARAGRAPH_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'CAPTION', 'CENTER', 'DETAILS', 'DIALOG', 'DIR', 'DIV', 'DL',
  'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER',
  'HGROUP', 'HR', 'LEGEND', 'MAIN', 'MENU', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'UL',
]);

/** Elements whose boundaries are line breaks: one item or row per line. */
const LINE_TAGS = new Set(['LI', 'DT', 'DD', 'TR', 'THEAD', 'TBODY', 'TFOOT']);

/** Elements whose boundaries separate words: table cells. */
const CELL_TAGS = new Set(['TD', 'TH']);

/** Elements that carry no readable text. */
const SILENT_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE', 'SELECT', 'TEXTAREA', 'IFRAME', 'OBJECT', 'SVG']);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Builds the text: breaks are held back until the next word, so they never stack up or trail. */
class TextWriter {
  private out = '';
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
    const text = preformatted ? raw : raw.replace(/\s+/g, ' ');
    if (text === '') return;
    if (!preformatted && text === ' ') {
      this.pendingSpace = true;
      return;
    }
    const leadingSpace = !preformatted && text.startsWith(' ');
    const body = preformatted ? text : text.trimStart();
    if (this.out !== '') {
      if (this.pendingBreak > 0) this.out = this.out.trimEnd() + '\n'.repeat(this.pendingBreak);
      else if ((this.pendingSpace || leadingSpace) && !/\s$/.test(this.out)) this.out += ' ';
    }
    this.pendingBreak = 0;
    this.pendingSpace = !preformatted && body.endsWith(' ');
    this.out += preformatted ? body : body.trimEnd();
  }

  toString(): string {
    return this.out.replace(/[ \t]+\n/g, '\n').trim();
  }
}

function walk(node: Node, writer: TextWriter, preformatted: boolean): void {
  if (node.nodeType === TEXT_NODE) {
    writer.text(node.nodeValue ?? '', preformatted);
    return;
  }
  if (node.nodeType !== ELEMENT_NODE) {
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child, writer, preformatted);
    return;
  }
  const tag = (node as Element).tagName.toUpperCase();
  if (SILENT_TAGS.has(tag)) return;
  if (tag === 'BR') {
    writer.lineBreak();
    return;
  }
  const lines = PARAGRAPH_TAGS.has(tag) ? 2 : LINE_TAGS.has(tag) ? 1 : 0;
  if (lines > 0) writer.break(lines);
  else if (CELL_TAGS.has(tag) || tag === 'IMG') writer.space();
  const pre = preformatted || tag === 'PRE';
  for (let child = node.firstChild; child; child = child.nextSibling) walk(child, writer, pre);
  if (lines > 0) writer.break(lines);
  else if (CELL_TAGS.has(tag)) writer.space();
}

/** The readable text of a DOM subtree, laid out as `htmlToText` describes. */
export function nodeToText(node: Node): string {
  const writer = new TextWriter();
  walk(node, writer, false);
  return writer.toString();
}

/**
 * Plain text of an HTML fragment, block-aware: paragraphs, headings and other blocks are separated by a
 * blank line, list items, table rows and `<br>` by a line break, cells by a space; whitespace is collapsed
 * except inside `<pre>`; scripts and styles say nothing.
 */
export function htmlToText(html: string): string {
  return nodeToText(JSDOM.fragment(html));
}
