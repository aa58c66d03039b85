import { getIntrospectionQuery, getOperationAST, GraphQLSchema, parse } from 'graphql';
import { LONG_MAX_AGE, SHORT_MAX_AGE } from '../../src/graphql/cache/cache-hints';
import { cacheMaxAgeOf, CacheMaxAge } from '../../src/graphql/cache/cache-policy';
import { newslineSchema } from '../../src/graphql/schema';

let schema: GraphQLSchema;
let maxAge: CacheMaxAge;
beforeAll(async () => {
  schema = await newslineSchema();
  maxAge = cacheMaxAgeOf(schema);
});

const maxAgeOf = (query: string, operationName?: string) => {
  const document = parse(query);
  return maxAge(document, getOperationAST(document, operationName)!);
};

describe('how long an answer may be kept, from the cache hints of the fields asked for (README, "Caching")', () => {
  it.each([
    ['a list: short', '{ articles(first: 20) { edges { cursor node { id title source { name } category { name } } } pageInfo { endCursor } } }', SHORT_MAX_AGE],
    ['one article: long', '{ article(url: "https://a.example/1") { title body source { name } category { slug } } }', LONG_MAX_AGE],
    ['one article with the headlines that point to it (a list that grows): short', '{ article(url: "x") { title newsItems { title } } }', SHORT_MAX_AGE],
    ['an article with its story (which grows with every headline): short', '{ article(url: "x") { story { itemCount } } }', SHORT_MAX_AGE],
    ["a source's fetch state: short", '{ article(url: "x") { source { health { lastFetchedAt } } } }', SHORT_MAX_AGE],
    ['any node: the shortest of the types it may be', '{ node(id: "x") { id } }', SHORT_MAX_AGE],
    ['a field asked through a fragment counts', '{ article(url: "x") { ...A } } fragment A on Article { newsItems { title } }', SHORT_MAX_AGE],
    ['a field asked through an inline fragment counts', '{ node(id: "x") { ... on Article { title } } }', SHORT_MAX_AGE],
    ['a field left out by @skip still counts (the policy is read from the document alone)', '{ article(url: "x") { title newsItems @skip(if: true) { title } } }', SHORT_MAX_AGE],
    ['introspection is not kept', getIntrospectionQuery(), 0],
    ['an operation that sets no limit is not kept', '{ __typename }', 0],
    ['a mutation is not kept', 'mutation { removeSource(id: "x") }', 0],
  ])('%s', (_title, query, expected) => {
    expect(maxAgeOf(query)).toBe(expected);
  });

  it('is the operation named by the request', () => {
    const query = 'query Feed { articles { nodes { id } } } query One { article(url: "x") { id } }';
    expect([maxAgeOf(query, 'Feed'), maxAgeOf(query, 'One')]).toEqual([SHORT_MAX_AGE, LONG_MAX_AGE]);
  });

  it('a type without a hint is not kept', () => {
    const policy = cacheMaxAgeOf(schema, { Article: { maxAge: 60 } }, { 'Query.article': { maxAge: 60 } });
    const document = parse('{ article(url: "x") { title source { name } } }');
    expect(policy(document, getOperationAST(document)!)).toBe(0);
  });

  it('refuses hints for types or fields the schema does not have', () => {
    expect(() => cacheMaxAgeOf(schema, { Artikel: 'inherit' }, { 'Query.feed': { maxAge: 5 }, 'Article.title': { maxAge: 5 } })).toThrow(
      'The cache hints name types or fields the schema does not have: Artikel, Query.feed.',
    );
  });
});
