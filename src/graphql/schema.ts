import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import type { AuthChecker, PubSub } from 'type-graphql';
import type { Context } from './context';
import { ArticleResolver } from './resolvers/article.resolver';
import { CategoryResolver } from './resolvers/category.resolver';
import { NewsItemResolver } from './resolvers/news-item.resolver';
import { ChangeResolver } from './resolvers/change.resolver';
import { IngestReportResolver } from './resolvers/ingest-report.resolver';
import { LiveResolver } from './resolvers/live.resolver';
import { NodeResolver } from './resolvers/node.resolver';
import { SearchResolver } from './resolvers/search.resolver';
import { SourceAdminResolver } from './resolvers/source-admin.resolver';
import { SourceHealthResolver, SourceResolver } from './resolvers/source.resolver';
import { StoryResolver } from './resolvers/story.resolver';
import { leanFieldResolvers } from './lean-resolvers';
import { Article } from './types/article.type';
import { Category } from './types/category.type';
import { NewsItem } from './types/news-item.type';
import { Source } from './types/source.type';

let built: Promise<GraphQLSchema> | undefined;

/** type-graphql asks for a PubSub whenever there are subscriptions; ours subscribe to the LiveFeed instead (live.resolver.ts). */
const noPubSub: PubSub = {
  publish: () => {
    throw new Error('Subscriptions follow the LiveFeed; nothing is published through type-graphql');
  },
  subscribe: () => {
    throw new Error('Subscriptions follow the LiveFeed; nothing is published through type-graphql');
  },
};

/** `@Authorized()` fields ask the request whether it carries the admin token; it throws UNAUTHENTICATED if not. */
const authChecker: AuthChecker<Context> = ({ context }) => {
  context.requireAdmin();
  return true;
};

/** The executable schema, built once per process from the resolver classes. */
export function newslineSchema(): Promise<GraphQLSchema> {
  return (built ??= buildSchema({
    resolvers: [ArticleResolver, NewsItemResolver, SourceResolver, SourceHealthResolver, CategoryResolver, NodeResolver, SearchResolver, SourceAdminResolver, IngestReportResolver, StoryResolver, ChangeResolver, LiveResolver],
    authChecker,
    pubSub: noPubSub,
    orphanedTypes: [Article, NewsItem, Source, Category],
    // Inputs are validated by the services, with messages that say what was expected.
    validate: false,
    emitSchemaFile: false,
    // No globalMiddlewares: leanFieldResolvers relies on there being none.
  }).then((schema) => {
    leanFieldResolvers(schema);
    return schema;
  }));
}

/** The SDL committed as schema/schema.graphql: sorted, so it changes only when the schema does. */
export async function schemaSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await newslineSchema()))}\n`;
}
