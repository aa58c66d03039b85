import { GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { newslineSchema } from '../../src/graphql/schema';
import { Article } from '../../src/graphql/types/article.type';
import { Source } from '../../src/graphql/types/source.type';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await newslineSchema();
});

const fieldOf = (type: string, field: string) => (schema.getType(type) as GraphQLObjectType).getFields()[field];
const info = {} as GraphQLResolveInfo;

/** A context whose source loader answers from a map and counts its calls. */
function contextWith(sources: Map<number, Source>) {
  const asked: number[] = [];
  return { asked, context: { loaders: { sources: { load: (id: number) => (asked.push(id), sources.get(id) ?? null) } } } };
}

describe("field resolvers called without type-graphql's wrapper (src/graphql/lean-resolvers.ts)", () => {
  const source = Object.assign(new Source(), { id: 'U291cmNlOjc=', name: 'Seven' });

  it('calls the resolver method with the parent and the context, for a parent built by the mappers', () => {
    const article = Object.assign(new Article(), { sourceId: 7, categoryId: null });
    const { asked, context } = contextWith(new Map([[7, source]]));
    const resolve = fieldOf('Article', 'source').resolve!;
    expect(resolve(article, {}, context, info)).toBe(source);
    expect(asked).toEqual([7]);
    // The category of an article without one is null without a loader call, as the method says.
    expect(fieldOf('Article', 'category').resolve!(article, {}, context, info)).toBeNull();
  });

  it('hands a parent of another class to type-graphql, which converts it first', () => {
    const { asked, context } = contextWith(new Map([[7, source]]));
    expect(fieldOf('Article', 'source').resolve!({ sourceId: 7 }, {}, context, info)).toBe(source);
    expect(asked).toEqual([7]);
  });

  it('leaves fields with arguments to type-graphql', () => {
    // Story.newsItems takes paging arguments, which type-graphql converts and validates.
    expect(fieldOf('Story', 'newsItems').resolve!.toString()).toContain('resolverData');
    expect(fieldOf('Article', 'source').resolve!.toString()).not.toContain('resolverData');
  });
});
