import { createHash } from 'node:crypto';
import type { Statement } from '../sql';

const statements = new Map<string, Statement>();

/** Names a SQL text after its hash, so each distinct text is prepared once per connection. */
export function statement(text: string): Statement {
  let found = statements.get(text);
  if (!found) {
    found = { name: `nl_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text };
    statements.set(text, found);
  }
  return found;
}

/**
 * A statement sent unnamed, planned for the values written into its text and never kept: for SQL that
 * carries a search query as a literal, whose text is new with every query.
 */
export function oneOff(text: string): Statement {
  return { name: '', text };
}
