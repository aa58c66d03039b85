/**
 * Every ```graphql block of README.md, as a newcomer would try it: each operation is valid against the committed
 * schema, and each query, sent as written over HTTP to a server that loaded the demo data on its own, answers
 * without errors and finds something (no top-level field null, no list empty). Mutations need a network and an
 * admin token, so they are only validated. A README example whose answer is an error belongs in another block
 * (```json of the answer, for instance), not in a ```graphql one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, DocumentNode, Kind, OperationDefinitionNode, parse, print, validate } from 'graphql';
import { startTestApp, TestApp } from '../helpers/app';

const ROOT = join(__dirname, '../..');
const schema = buildSchema(readFileSync(join(ROOT, 'schema/schema.graphql'), 'utf8'));

/** One operation of a README block, alone in its document (with the block's fragments), named for test titles. */
interface Example {
  name: string;
  kind: OperationDefinitionNode['operation'];
  source: string;
  document: DocumentNode;
}

/** The operations of every ```graphql block, in README order; a block may hold several (the mutations do). */
function readmeExamples(): Example[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^```graphql[ \t]*\n([\s\S]*?)^```/gm)].map((match) => match[1]);
  return blocks.flatMap((block, index) => {
    const document = parse(block);
    const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
    return document.definitions
      .filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)
      .map((operation) => {
        const alone: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] };
        const fields = operation.selectionSet.selections.map((selection) => (selection.kind === Kind.FIELD ? selection.name.value : '…'));
        const name = `block ${index + 1}: ${operation.operation}${operation.name ? ` ${operation.name.value}` : ''} { ${fields.join(' ')} }`;
        return { name, kind: operation.operation, source: print(alone), document: alone };
      });
  });
}

/** Where an answer finds nothing: each top-level field that is null, and each list (at any depth) that is empty. */
function emptyPlaces(data: Record<string, unknown>): string[] {
  const places: string[] = [];
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      if (value.length === 0) places.push(`${path} is an empty list`);
      value.forEach((item, i) => visit(item, `${path}[${i}]`));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, field] of Object.entries(value)) visit(field, `${path}.${key}`);
    }
  };
  for (const [field, value] of Object.entries(data)) {
    if (value === null) places.push(`${field} is null`);
    visit(value, field);
  }
  return places;
}

const examples = readmeExamples();
const queries = examples.filter((example) => example.kind === 'query');

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ DEMO_DATA: 'always' });
}, 120_000);
afterAll(async () => {
  await app?.close();
});

describe('the README examples', () => {
  it('include queries and mutations', () => {
    expect(queries.length).toBeGreaterThanOrEqual(3);
    expect(examples.filter((example) => example.kind === 'mutation').length).toBeGreaterThanOrEqual(4);
  });

  it.each(examples.map((example) => [example.name, example] as const))('%s is valid against the schema', (_, example) => {
    expect(validate(schema, example.document).map((error) => error.message)).toEqual([]);
  });

  it.each(queries.map((example) => [example.name, example] as const))('%s finds something in the demo data', async (_, example) => {
    const { status, body } = await app.graphql(example.source);
    expect({ status, errors: body.errors ?? [] }).toEqual({ status: 200, errors: [] });
    expect(emptyPlaces(body.data)).toEqual([]);
  });
});
