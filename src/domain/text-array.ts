import { parse } from 'postgres-array';
import type { TextArray } from './rows';

/** The elements of a text[] column, parsing PostgreSQL's array text ("{a,\"b c\"}") when that is what arrived. */
export function textArray(value: TextArray): string[] {
  return typeof value === 'string' ? parse(value) : value;
}
