import { collapseWhitespace } from '../../domain/whitespace';
import { cutText } from '../../domain/cut-text';

/** Characters past the limit given to the segmenter: a boundary there may depend on what follows it. */
const SEGMENTER_LOOKAHEAD = 80;

/** Splits text into sentences with the runtime's Unicode (ICU) sentence rules, language-neutral. */
const segmenter = new Intl.Segmenter('und', { granularity: 'sentence' });

/** Abbreviations that end in a period without ending the sentence (ICU's rules split after them). */
const ABBREVIATION_END =
  /(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|Prof|St|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Jr|Sr|Rev|Hon|Inc|Co|Corp|Ltd|No|vs|etc|approx|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.\s*$/;

/** The sentences of flat text, each with its trailing space. */
function sentencesOf(text: string): string[] {
  const result: string[] = [];
  let carried = '';
  for (const { segment } of segmenter.segment(text)) {
    carried += segment;
    if (!ABBREVIATION_END.test(carried)) {
      result.push(carried);
      carried = '';
    }
  }
  if (carried !== '') result.push(carried);
  return result;
}

/**
 * A short summary of plain text: as many of its first sentences as fit in `maxChars`; when even the first
 * does not fit, its leading words up to the limit and an ellipsis. Never cuts a word.
 */
export function summarize(text: string, maxChars = 300): string {
  const flat = collapseWhitespace(text).trim();
  if (flat.length <= maxChars) return flat;
  let summary = '';
  // Only the opening can be used: segmenting a little past the limit (far enough for the sentence rules to
  // look ahead) keeps a long text as cheap as a short one. The cut-off last segment never fits.
  for (const sentence of sentencesOf(flat.slice(0, maxChars + SEGMENTER_LOOKAHEAD))) {
    if ((summary + sentence).trimEnd().length > maxChars) break;
    summary += sentence;
  }
  if (summary !== '') return summary.trimEnd();
  // One character is left for the ellipsis; a single word longer than the limit is the only one ever cut.
  const room = cutText(flat, maxChars - 1);
  const wordEnd = flat[maxChars - 1] === ' ' ? room.length : room.lastIndexOf(' ');
  const cut = (wordEnd > 0 ? room.slice(0, wordEnd) : room).replace(/[\s,;:–—-]+$/, '');
  return `${cut}…`;
}
