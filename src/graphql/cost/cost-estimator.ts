import type { ComplexityEstimator } from 'graphql-query-complexity';
import {
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLField,
  GraphQLNamedType,
  GraphQLObjectType,
  isCompositeType,
  isIntrospectionType,
  isListType,
  isObjectType,
  Kind,
  SelectionSetNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../domain/page';
import { LimitError } from '../errors';

/** How many items a list without page arguments (`categories`, `Article.newsItems`) is counted as, and at most holds where it can grow. */
export const UNPAGED_LIST_ITEMS = 10;

/**
 * How many items a list of introspection (`types`, `fields`, `args`, …) is counted as. Introspection is read from
 * the schema in memory, but aliases and nesting can make its answer megabytes; priced as any other list (10 items)
 * the standard introspection query would cost 16,424 points, over MAX_QUERY_COST, and the sandbox could not load the
 * schema. At 4 it costs 1,580 (its answer is about 80 KB), and lists asked again under aliases multiply as
 * everywhere else.
 */
export const INTROSPECTION_LIST_ITEMS = 4;

/** Points of a field holding a whole article's text (`Article.body`, `Article.bodyText`): kilobytes per item. */
export const ARTICLE_TEXT_COST = 5;

/**
 * Points of a search field beside its page: parsing the query per language, finding and ranking up to 400 matches,
 * 17 to 40 ms on the embedded demo data (at 10 points, 30 aliased searches took half a second for 330 points).
 */
export const SEARCH_COST = 50;

/**
 * Points of `changes` beside its page: reading the log's bounds, the oldest transaction still running and the page
 * (three statements; about 40 ms on the embedded database). At 1 point, 30 aliases of it took over a second for 30.
 */
export const CHANGES_COST = 10;

/**
 * Points of a search result's `highlights` beside the object's own point: re-reading and marking its text, about
 * 1 ms a result (at 2 points, 30 aliased pages of 100 with highlights held the only thread 4.5 s for 9,330 points).
 */
export const HIGHLIGHTS_COST = 10;

/** Points of `totalCount`: one more SQL statement, counting every row that matches the filter. */
export const COUNT_COST = 50;

/** What the estimator needs beside one field: the document's fragments, and a cap on the fields it walks. */
export interface CostContext {
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** Fields estimated so far; fragments spread many times are walked each time. */
  fields: number;
  maxFields: number;
}

/** A field's own points, declared with type-graphql's `complexity` option (`@Field({ complexity: 2 })`). */
function ownCost(field: GraphQLField<unknown, unknown>): number {
  const declared = field.extensions?.complexity;
  return typeof declared === 'number' ? declared : 0;
}

/**
 * The field extension that says how many items at most a list without page arguments holds, where that is more than
 * UNPAGED_LIST_ITEMS (`@Extensions({ [LIST_ITEMS]: 50 })`): it is priced as that many.
 */
export const LIST_ITEMS = 'listItems';

/** How many items a list field without page arguments is priced as. */
function unpagedListItems(parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>): number {
  if (isIntrospectionType(parent)) return INTROSPECTION_LIST_ITEMS;
  const declared = field.extensions?.[LIST_ITEMS];
  return typeof declared === 'number' ? declared : UNPAGED_LIST_ITEMS;
}

/** A Relay connection: a page of `edges` with its `pageInfo`. */
function isConnection(type: GraphQLNamedType): type is GraphQLObjectType {
  if (!isObjectType(type)) return false;
  const fields = type.getFields();
  return 'edges' in fields && 'pageInfo' in fields;
}

/** The items a connection field's page holds: `first` or `last`, the default page size when both are absent. */
function pageSize(args: Record<string, unknown>): number {
  const asked = args.first ?? args.last;
  // Sizes out of range are refused by the resolver with a message of their own; they cost what the largest page costs.
  return typeof asked === 'number' ? Math.min(Math.max(asked, 0), MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
}

/** How many times a selection set asks for `name`, through inline fragments and fragment spreads. */
function selectionsOf(name: string, set: SelectionSetNode | undefined, fragments: CostContext['fragments'], seen = new Set<string>()): number {
  let count = 0;
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === name) count++;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += selectionsOf(name, selection.selectionSet, fragments, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      count += selectionsOf(name, fragments.get(selection.name.value)?.selectionSet, fragments, seen);
    }
  }
  return count;
}

/**
 * The cost model (README, "Query cost"): an object costs 1 point and a scalar nothing unless it declares points;
 * a connection costs 1 for its page query plus its page size times the points of one item, and `totalCount`'s
 * points once per connection rather than per item; a list without page arguments counts as UNPAGED_LIST_ITEMS items.
 */
export const costEstimator: ComplexityEstimator = ({ type, field, args, node, childComplexity, context }) => {
  const cost = context as CostContext;
  if (++cost.fields > cost.maxFields) {
    throw new LimitError('COST_LIMIT_EXCEEDED', `This query asks for more than ${cost.maxFields} fields once its fragments are spread; that is the limit.`, 400);
  }
  const named = getNamedType(field.type);
  // Introspection is read from the schema in memory, but its answer can be large (every type, field and argument,
  // as often as aliases ask): its objects and lists are priced as any others.
  if (isConnection(type)) {
    // Inside a connection: the connection field multiplies what one item costs; the page itself is free.
    if (field.name === 'nodes') return 1 + childComplexity;
    if (field.name === 'edges' || field.name === 'pageInfo' || field.name === 'totalCount') return childComplexity;
  }
  if (isConnection(named)) {
    const total = named.getFields().totalCount;
    const counts = total ? selectionsOf('totalCount', node.selectionSet, cost.fragments) * ownCost(total) : 0;
    // An item asked for costs 1 point at least, whatever is selected of it: a page of 100 edges asking only for their
    // cursor (30 times, under aliases) answered 168 KB for 1 point.
    const itemsAsked = selectionsOf('edges', node.selectionSet, cost.fragments) + selectionsOf('nodes', node.selectionSet, cost.fragments) > 0;
    const perItem = itemsAsked ? Math.max(childComplexity, 1) : childComplexity;
    return 1 + pageSize(args) * perItem + counts + ownCost(field);
  }
  if (!isCompositeType(named)) return ownCost(field);
  const items = isListType(getNullableType(field.type)) ? unpagedListItems(type, field) : 1;
  return items * (1 + childComplexity) + ownCost(field);
};

/**
 * Own points of a connection field of each item of a list (`Story.newsItems`, `Story.articles`): the pages of
 * every parent are read in one statement, but a page asked for with a cursor is one statement per parent, and
 * each parent's page is a query of its own (a LATERAL subquery), which the points keep paying for.
 */
export const NESTED_PAGE_COST = 10;
