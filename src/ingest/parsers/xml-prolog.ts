/** A span of the document text: [start, end) offsets and the name it declares. */
export interface MarkupSpan {
  start: number;
  end: number;
  name: string;
}

/** What comes before the content of a markup (XML or HTML) document. */
export interface Prolog {
  /** The `<!DOCTYPE …>` declaration, internal subset included, if the prolog has one. */
  doctype: MarkupSpan | null;
  /** The root element's start tag, or null when the text does not begin with markup. */
  root: MarkupSpan | null;
}

/**
 * Scans the start of a markup document past whitespace, processing instructions (`<?xml …?>`), comments and
 * the DOCTYPE (XML 1.0 §2.8) up to the root element's start tag. Unterminated constructs run to the end.
 */
export function scanProlog(text: string): Prolog {
  let doctype: MarkupSpan | null = null;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '\uFEFF' || /\s/.test(char)) {
      i += 1;
    } else if (text.startsWith('<?', i)) {
      i = indexAfter(text, '?>', i + 2);
    } else if (text.startsWith('<!--', i)) {
      i = indexAfter(text, '-->', i + 4);
    } else if (text.slice(i, i + 9).toUpperCase() === '<!DOCTYPE') {
      const end = doctypeEnd(text, i + 9);
      const name = /^\s*([^\s[>]*)/.exec(text.slice(i + 9, end))?.[1] ?? '';
      doctype = { start: i, end, name };
      i = end;
    } else if (char === '<' && /[\p{L}_:]/u.test(text[i + 1] ?? '')) {
      const name = /^[^\s/>]+/.exec(text.slice(i + 1))?.[0] ?? '';
      return { doctype, root: { start: i, end: tagEnd(text, i + 1 + name.length), name } };
    } else {
      break;
    }
  }
  return { doctype, root: null };
}

function indexAfter(text: string, terminator: string, from: number): number {
  const at = text.indexOf(terminator, from);
  return at === -1 ? text.length : at + terminator.length;
}

/** The end of a DOCTYPE: its `>`, skipping quoted literals, comments and the `[ … ]` internal subset. */
function doctypeEnd(text: string, from: number): number {
  let inSubset = false;
  let i = from;
  while (i < text.length) {
    const char = text[i];
    if (char === '"' || char === "'") {
      i = indexAfter(text, char, i + 1);
    } else if (inSubset && text.startsWith('<!--', i)) {
      i = indexAfter(text, '-->', i + 4);
    } else {
      if (char === '[') inSubset = true;
      else if (char === ']') inSubset = false;
      else if (char === '>' && !inSubset) return i + 1;
      i += 1;
    }
  }
  return text.length;
}

/** The end of a start tag: its `>`, skipping quoted attribute values, which may contain `>`. */
function tagEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const char = text[i];
    if (char === '"' || char === "'") i = indexAfter(text, char, i + 1);
    else if (char === '>') return i + 1;
    else i += 1;
  }
  return text.length;
}
