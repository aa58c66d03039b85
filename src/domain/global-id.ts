import { BadInputError } from './errors';
import { shown } from './input-check';
import { opaqueText } from './opaque';

/** The largest row id: ids are PostgreSQL `integer` (int4) columns, and a larger one fails as a query error. */
export const MAX_ROW_ID = 2147483647;

/** The node types that global IDs can name. */
export const NODE_TYPES = ['Article', 'NewsItem', 'Source', 'Category', 'Story'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** Makes the opaque global ID of a row: base64url of "Type:id". */
export function toGlobalId(type: NodeType, id: number): string {
  return Buffer.from(`${type}:${id}`).toString('base64url');
}

/**
 * Reads a global ID back into its type and row id, refusing anything this API did not issue, and, when `expected`
 * is given, the ID of another type. `argName` (such as `filter.sourceIds[0]`) names where the ID was given.
 */
export function fromGlobalId(globalId: string, expected?: NodeType, argName?: string): { type: NodeType; id: number } {
  const decoded = opaqueText(globalId);
  const match = /^([A-Za-z]+):([1-9][0-9]{0,9})$/.exec(decoded);
  const type = match?.[1] as NodeType | undefined;
  const id = match ? Number(match[2]) : NaN;
  const where = argName ? `\`${argName}\`: ` : '';
  if (!match || !NODE_TYPES.includes(type as NodeType) || id > MAX_ROW_ID) {
    const wanted = expected ? `the ID of ${withArticle(expected)} (${possessive(expected)} \`id\`)` : "an ID issued by this API (such as an Article's `id`)";
    throw new BadInputError(`${where}Expected ${wanted}; got ${shown(globalId)}.`);
  }
  if (expected && type !== expected) {
    throw new BadInputError(`${where}Expected the ID of ${withArticle(expected)}; got the ID of ${withArticle(type as NodeType)}.`);
  }
  return { type: type as NodeType, id };
}

const possessive = (type: NodeType) => `${withArticle(type)}'s`;

const withArticle = (type: NodeType) => `${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type}`;
