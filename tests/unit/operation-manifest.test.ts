import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/config';
import { newslineSchema } from '../../src/graphql/schema';
import { checkManifest, loadManifest, sha256Hex } from '../../src/server/caching/operation-manifest';

const dir = mkdtempSync(join(tmpdir(), 'newsline-manifest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const manifestFile = (content: unknown) => {
  const file = join(dir, `manifest-${++files}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};

const QUERY = 'query Feed { articles { nodes { id } } }';

describe('a manifest of trusted operations (PERSISTED_QUERIES_MANIFEST)', () => {
  it("reads Apollo's format, as generate-persisted-query-manifest writes it", () => {
    const manifest = loadManifest(
      manifestFile({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: sha256Hex(QUERY), name: 'Feed', type: 'query', body: QUERY }] }),
    );
    expect([...manifest.byId]).toEqual([[sha256Hex(QUERY), QUERY]]);
    expect(manifest.textHashes.has(sha256Hex(QUERY))).toBe(true);
  });

  it("reads Relay's map of IDs to query texts", () => {
    const manifest = loadManifest(manifestFile({ a1b2: QUERY }));
    expect(manifest.byId.get('a1b2')).toBe(QUERY);
    expect(manifest.textHashes.has(sha256Hex(QUERY))).toBe(true);
  });

  it('reads a file that starts with a byte order mark (some Windows editors write one)', () => {
    const manifest = loadManifest(manifestFile(`\uFEFF${JSON.stringify({ a1b2: QUERY })}`));
    expect([...manifest.byId]).toEqual([['a1b2', QUERY]]);
  });

  it.each([
    ['a file that is not JSON', '{ nope', /: is not JSON: /],
    ['JSON cut short over lines', '{\n"a": "query {\n', /^Invalid configuration: PERSISTED_QUERIES_MANIFEST=\S+: is not JSON: [^\n]+$/],
    ['a list', '[]', /expected an Apollo persisted query manifest .* or a Relay map/],
    ['another version of Apollo\'s format', { format: 'apollo-persisted-query-manifest', version: 2, operations: [] }, /expected version 1 of the Apollo format, got 2/],
    ['an operation without a body', { format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: 'x' }] }, /operation 1 needs a string "id" and "body"/],
    ['a map with a value that is not a query text', { a: QUERY, b: 3 }, /the value of "b" is not a query text/],
    ['no operations', {}, /holds no operations/],
    ['an operation that is not GraphQL', { a: QUERY, b: 'not graphql at all {{{' }, /the operation "b" is not a GraphQL document: Syntax Error/],
  ])('refuses %s at start, naming the variable and the file', (_title, content, message) => {
    const file = manifestFile(content);
    const load = () => loadManifest(file);
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(`PERSISTED_QUERIES_MANIFEST=${file}: `);
    expect(load).toThrow(message);
  });

  it('refuses, against the schema, an operation that cannot run on this server, naming it; passes those that can', async () => {
    const schema = await newslineSchema();
    for (const [text, problem] of [
      ['query Feed($unused: Int) { articles { nodes { id } } }', 'Variable "$unused" is never used in operation "Feed".'],
      ['{ articles { nodes { headline } } }', 'Cannot query field "headline" on type "Article".'],
    ]) {
      const file = manifestFile({ a: QUERY, b: text });
      expect(() => checkManifest(file, loadManifest(file), schema)).toThrow(new ConfigError([`PERSISTED_QUERIES_MANIFEST=${file}: the operation "b" cannot run on this server: ${problem}`]));
    }
    const good = manifestFile({ a: QUERY });
    expect(() => checkManifest(good, loadManifest(good), schema)).not.toThrow();
  });

  it("refuses a Relay map that gives one ID twice with different texts (JSON.parse would keep the last), and takes an exact repeat", () => {
    const other = 'query Other { categories { slug } }';
    const file = manifestFile(`{"a1b2": ${JSON.stringify(QUERY)}, "c3": ${JSON.stringify(other)}, "a1b2": ${JSON.stringify(other)}}`);
    expect(() => loadManifest(file)).toThrow(
      new ConfigError([`PERSISTED_QUERIES_MANIFEST=${file}: the key "a1b2" is given twice in one object, with different values`]),
    );
    const repeated = manifestFile(`{"a1b2": ${JSON.stringify(QUERY)}, "a1b2": ${JSON.stringify(QUERY)}}`);
    expect([...loadManifest(repeated).byId]).toEqual([['a1b2', QUERY]]);
  });

  it('refuses an ID that names two different operations, and takes one listed twice alike', () => {
    const other = 'query Other { categories { slug } }';
    const listing = (...bodies: string[]) =>
      manifestFile({ format: 'apollo-persisted-query-manifest', version: 1, operations: bodies.map((body) => ({ id: 'a', name: 'Feed', type: 'query', body })) });
    const file = listing(QUERY, other);
    expect(() => loadManifest(file)).toThrow(new ConfigError([`PERSISTED_QUERIES_MANIFEST=${file}: the ID "a" names two different operations`]));
    const twice = listing(QUERY, QUERY);
    expect([...loadManifest(twice).byId]).toEqual([['a', QUERY]]);
  });

  it('refuses a file that does not exist', () => {
    const missing = join(dir, 'missing.json');
    expect(() => loadManifest(missing)).toThrow(new ConfigError([`PERSISTED_QUERIES_MANIFEST=${missing}: cannot be read: no such file`]));
    expect(() => loadManifest(dir)).toThrow(new ConfigError([`PERSISTED_QUERIES_MANIFEST=${dir}: cannot be read: it is a folder`]));
  });
});
