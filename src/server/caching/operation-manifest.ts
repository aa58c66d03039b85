import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { parse as parseLosslessly } from 'lossless-json';
import { ConfigError } from '../../config/config';
import { errorMessage } from '../../domain/errors';
import { unreadableFile } from '../../domain/unreadable-file';
import { cutText } from '../../domain/cut-text';

/** The trusted operations of a manifest: each one's text by its ID, and the SHA-256 (hex) of every text. */
export interface OperationManifest {
  byId: ReadonlyMap<string, string>;
  textHashes: ReadonlySet<string>;
}

/** The SHA-256 of a query text in hex, as Apollo's persisted queries name it. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

const EXPECTED =
  'expected an Apollo persisted query manifest ({"format": "apollo-persisted-query-manifest", "version": 1, "operations": [{"id", "name", "type", "body"}]}) ' +
  'or a Relay map of IDs to query texts ({"<id>": "<query text>"})';

/** An operation's ID as a message quotes it: cut short past 80 characters. */
function shownId(id: string): string {
  return JSON.stringify(id.length > 80 ? `${cutText(id, 80)}…` : id);
}

/** Raised at start, like a bad variable, when the manifest cannot be read or is not one of the two formats. */
const manifestError = (file: string, problem: string) => new ConfigError([`PERSISTED_QUERIES_MANIFEST=${file}: ${problem}`]);

/** The operations of a manifest's JSON, in Apollo's format (what `generate-persisted-query-manifest` writes) or Relay's. */
function operationsOf(json: unknown): [string, string][] | string {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return EXPECTED;
  const manifest = json as Record<string, unknown>;
  if (manifest.format === 'apollo-persisted-query-manifest') {
    if (manifest.version !== 1) return `expected version 1 of the Apollo format, got ${JSON.stringify(manifest.version)}`;
    if (!Array.isArray(manifest.operations)) return 'expected "operations" to be a list';
    const entries: [string, string][] = [];
    for (const [index, operation] of manifest.operations.entries()) {
      const { id, body } = (operation ?? {}) as Record<string, unknown>;
      if (typeof id !== 'string' || id === '' || typeof body !== 'string' || body === '') return `operation ${index + 1} needs a string "id" and "body"`;
      entries.push([id, body]);
    }
    return entries;
  }
  const entries = Object.entries(manifest);
  const bad = entries.find(([, text]) => typeof text !== 'string' || text === '');
  return bad ? `${EXPECTED}; the value of ${JSON.stringify(bad[0])} is not a query text` : (entries as [string, string][]);
}

/**
 * Checks every operation of a manifest against the schema (graphql-js's rules): one that cannot run here (a field
 * the schema lacks, a variable it never uses) would fail every call, so it stops the start instead, saying which.
 */
export function checkManifest(file: string, manifest: OperationManifest, schema: GraphQLSchema): void {
  for (const [id, text] of manifest.byId) {
    const [error] = validate(schema, parse(text, { noLocation: true }));
    if (error) throw manifestError(file, `the operation ${shownId(id)} cannot run on this server: ${error.message}`);
  }
}

/**
 * A key given twice in one object with different values, said as a problem; null when there is none. JSON.parse keeps
 * the last value and says nothing, and in Relay's map of IDs to texts that hides an ID naming two operations (an
 * exact repeat is harmless, as in Apollo's list). lossless-json refuses such keys, and only such.
 */
function conflictingKey(text: string): string | null {
  try {
    parseLosslessly(text);
    return null;
  } catch (error) {
    const duplicate = /^Duplicate key '([^]*)' encountered at position \d+$/.exec((error as Error).message);
    return duplicate ? `the key ${shownId(duplicate[1])} is given twice in one object, with different values` : null;
  }
}

/** Reads a manifest of trusted operations; throws a ConfigError saying what is wrong with it. */
export function loadManifest(file: string): OperationManifest {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw manifestError(file, `cannot be read: ${unreadableFile(error) ?? errorMessage(error)}`);
  }
  let json: unknown;
  try {
    // A byte order mark (some editors on Windows write one) is no JSON, and says nothing: it is dropped, as request bodies' are.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    // V8 quotes the start of the text in its message: on one line, as every configuration problem is said.
    throw manifestError(file, `is not JSON: ${(error as Error).message.replace(/\r?\n/g, '\\n')}`);
  }
  const conflict = conflictingKey(text.replace(/^\uFEFF/, ''));
  if (conflict) throw manifestError(file, conflict);
  const operations = operationsOf(json);
  if (typeof operations === 'string') throw manifestError(file, operations);
  if (operations.length === 0) throw manifestError(file, 'holds no operations');
  // One ID, two texts: which one a client built against it expects cannot be known (an exact repeat is harmless).
  const byId = new Map<string, string>();
  for (const [id, text] of operations) {
    if (byId.has(id) && byId.get(id) !== text) throw manifestError(file, `the ID ${shownId(id)} names two different operations`);
    byId.set(id, text);
  }
  // A text that is not GraphQL at all is a broken manifest, found now rather than by the first client that sends its ID
  // (and one that does not fit the schema when the server starts: checkManifest).
  for (const [id, text] of byId) {
    try {
      parse(text, { noLocation: true });
    } catch (error) {
      throw manifestError(file, `the operation ${shownId(id)} is not a GraphQL document: ${(error as Error).message}`);
    }
  }
  return { byId, textHashes: new Set([...byId.values()].map(sha256Hex)) };
}
