import { getIntrospectionQuery, parse } from 'graphql';
import { queryCostOf, QueryCost } from '../../src/graphql/cost/query-cost';
import { LimitError } from '../../src/graphql/errors';
import { newslineSchema } from '../../src/graphql/schema';

let cost: QueryCost;
beforeAll(async () => {
  cost = queryCostOf(await newslineSchema(), 2000);
});

const costOf = (query: string, variables: Record<string, unknown> = {}) => cost(parse(query), undefined, variables);
const aliases = (count: number, selection: string) => `{ ${Array.from({ length: count }, (_, i) => `a${i + 1}: ${selection}`).join(' ')} }`;

describe('the cost of a query, before it runs (README, "Query cost")', () => {
  it.each([
    ['a scalar of the root type', '{ __typename }', 0],
    ['one object', '{ node(id: "x") { id } }', 1],
    ['a page of 20 articles: the page query, then 1 per article', '{ articles(first: 20) { nodes { id title } } }', 21],
    ['the default page size when neither first nor last is given', '{ articles { edges { node { id } } } }', 21],
    ['last counts like first', '{ newsItems(last: 5) { nodes { id } } }', 6],
    ['objects inside an item count per item', '{ articles(first: 20) { edges { cursor node { id source { name } category { name } } } pageInfo { endCursor } } }', 61],
    ['edges and nodes each count', '{ articles(first: 10) { edges { node { id } } nodes { id } } }', 21],
    ['an item asked for costs 1 at least, even for its cursor alone', '{ articles(first: 100) { edges { c1: cursor c2: cursor } pageInfo { endCursor } } }', 101],
    ['a page asked only for its pageInfo costs its page query', '{ articles(first: 100) { pageInfo { endCursor } } }', 1],
    ["a source's counts cost what totalCount costs, each", '{ sources(first: 10) { nodes { health { lastError articleCount newsItemCount } } } }', 1 + 10 * (1 + 1 + 50 + 50)],
    ["the README's first search: 50 beside its page, highlights 11 a result", '{ searchArticles(query: "Valdoria election", first: 5) { edges { score highlights { title snippet } node { title publishedAt language source { name } } } pageInfo { hasNextPage endCursor } } }', 1 + 50 + 5 * (1 + 1 + 11)],
    ['changes: 10 beside its page', '{ changes(first: 5) { edges { cursor kind id } pageInfo { endCursor } } }', 1 + 10 + 5],
    ['article text counts 5 per field', '{ articles(first: 10) { nodes { body bodyText } } }', 111],
    ['a list without page arguments counts as 10 items', '{ categories { name } }', 10],
    ['nested lists multiply', '{ articles(first: 10) { nodes { newsItems { title source { name } } } } }', 211],
    ['totalCount counts once per connection, not per item', '{ articles(first: 100) { totalCount nodes { id } } }', 151],
    ['totalCount asked through a fragment', '{ articles { ...count } } fragment count on ArticleConnection { totalCount }', 51],
    ['aliases count as separate fields', aliases(3, 'articles(first: 10) { nodes { id } }'), 33],
    ['a page size above the largest costs the largest page (the resolver refuses it)', '{ articles(first: 1000) { nodes { id } } }', 101],
    ['introspection: its objects count, its lists as 4 items each', getIntrospectionQuery({ descriptions: true }), 1580],
    ['one type by name', '{ __type(name: "Article") { name fields { name type { name kind ofType { name kind } } } } }', 13],
    ['introspection lists asked again under aliases multiply', '{ __schema { types { f1: fields { a1: args { name } a2: args { name } } f2: fields { a1: args { name } a2: args { name } } } } }', 1 + 4 * (1 + 2 * 4 * (1 + 2 * 4))],
    ["Article.newsItems lists the newest 10, and counts as 10", '{ article(id: "x") { newsItems { title source { name } } } }', 1 + 10 * 2],
    ['Article.alsoReportedBy lists up to 50, and counts as 50', '{ article(id: "x") { alsoReportedBy { title source { name } } } }', 1 + 50 * 2],
    ['the issue\'s 100 aliases of 100 article bodies', aliases(100, 'articles(first: 100) { edges { node { body } } }'), 60_100],
  ])('%s', (_name, query, expected) => {
    expect(costOf(query)).toBe(expected);
  });

  it('reads page sizes from the variables of each request', () => {
    const document = parse('query Page($n: Int) { articles(first: $n) { nodes { id } } }');
    expect([5, 100, 5, undefined].map((n) => cost(document, 'Page', { n }))).toEqual([6, 101, 6, 21]);
  });

  it('leaves out what @include and @skip leave out', () => {
    const document = parse('query($full: Boolean!) { articles(first: 10) { nodes { id body @include(if: $full) newsItems @skip(if: true) { id } } } }');
    expect([true, false].map((full) => cost(document, undefined, { full }))).toEqual([61, 11]);
  });

  it('prices the operation that was asked for', () => {
    const document = parse('query Small { categories { id } } query Large { articles(first: 100) { nodes { id } } }');
    expect([cost(document, 'Small', {}), cost(document, 'Large', {})]).toEqual([10, 101]);
  });

  it('has no price for variables that do not fit their types: execution refuses them before any resolver runs', () => {
    expect(costOf('query($n: Int) { articles(first: $n) { nodes { id } } }', { n: 'ten' })).toBeNull();
  });

  it('refuses a document whose fragments spread to more fields than allowed', () => {
    const levels = Array.from({ length: 11 }, (_, i) => `fragment f${i} on Query { ...f${i + 1} ...f${i + 1} }`).join(' ');
    const bomb = `{ ...f0 } ${levels} fragment f11 on Query { categories { id } }`;
    expect(() => costOf(bomb)).toThrow(new LimitError('COST_LIMIT_EXCEEDED', 'This query asks for more than 2000 fields once its fragments are spread; that is the limit.', 400));
  });
});
