import { Random } from './random';

/**
 * A phrase grammar: each rule lists its alternatives, one of which is picked at random.
 * In an alternative, `{name}` expands the rule `name`; `{@name}` does too and marks the spot where a link may go.
 */
export type Grammar = Readonly<Record<string, readonly string[]>>;

/** Asks for one link while expanding: the first linkable spot reached is wrapped in `<a href>`. */
export interface LinkRequest {
  href(text: string): string;
  placed: boolean;
}

interface Slot {
  rule: Rule;
  linkable: boolean;
}
type Part = string | Slot;
interface Rule {
  choices: Part[][];
}

const SLOT = /\{(@?)(\w+)\}/g;

/** Expands the rules of one grammar; compiled once, so expanding costs only picks and concatenation. */
export class PhraseGenerator {
  private readonly rules = new Map<string, Rule>();

  constructor(grammar: Grammar) {
    for (const name of Object.keys(grammar)) this.rules.set(name, { choices: [] });
    for (const [name, alternatives] of Object.entries(grammar)) {
      if (alternatives.length === 0) throw new Error(`Grammar rule "${name}" needs at least one alternative, got none`);
      this.rules.get(name)!.choices = alternatives.map((alternative) => this.parse(name, alternative));
    }
  }

  /** One random phrase of the rule `name`; with `link`, its first linkable spot becomes an HTML link. */
  expand(name: string, random: Random, link?: LinkRequest): string {
    const rule = this.rules.get(name);
    if (!rule) throw new Error(`Expected a grammar rule named "${name}", but the grammar has none`);
    return this.run(rule, random, link);
  }

  private run(rule: Rule, random: Random, link: LinkRequest | undefined): string {
    let out = '';
    for (const part of random.pick(rule.choices)) {
      if (typeof part === 'string') {
        out += part;
      } else if (part.linkable && link && !link.placed) {
        const text = this.run(part.rule, random, undefined);
        link.placed = true;
        out += `<a href="${link.href(text)}">${text}</a>`;
      } else {
        out += this.run(part.rule, random, link);
      }
    }
    return out;
  }

  private parse(name: string, alternative: string): Part[] {
    const parts: Part[] = [];
    let last = 0;
    for (const match of alternative.matchAll(SLOT)) {
      const rule = this.rules.get(match[2]);
      if (!rule) throw new Error(`Grammar rule "${name}" refers to {${match[2]}}, which no rule defines`);
      if (match.index > last) parts.push(alternative.slice(last, match.index));
      parts.push({ rule, linkable: match[1] === '@' });
      last = match.index + match[0].length;
    }
    if (last < alternative.length) parts.push(alternative.slice(last));
    return parts;
  }
}
