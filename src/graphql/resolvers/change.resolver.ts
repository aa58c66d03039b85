import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { encodeChangeCursor, type ChangeRecord } from '../../domain/change';
import { CHANGES_COST } from '../cost/cost-estimator';
import { toGlobalId } from '../../domain/global-id';
import type { Context } from '../context';
import type { MaybePromise } from '../loaders/request-loader';
import { Change, ChangeConnection, ChangeKind } from '../types/change.type';
import type { Node } from '../types/node.type';

/** The node a change is about, through the request's loaders, so each type's nodes of a page are read together. */
function loadNode(change: ChangeRecord, ctx: Context): MaybePromise<Node | null> {
  if (change.op === 'DELETE') return null;
  switch (change.entity) {
    case 'Article':
      return ctx.loaders.articles.load(change.entityId);
    case 'NewsItem':
      return ctx.loaders.newsItems.load(change.entityId);
    case 'Source':
      return ctx.loaders.sources.load(change.entityId);
    case 'Story':
      return ctx.loaders.stories.load(change.entityId);
  }
}

/** Delta sync: `changes(after:)` and `syncCursor`. */
@Resolver()
export class ChangeResolver {
  @Query(() => ChangeConnection, {
    complexity: CHANGES_COST,
    description:
      'Every Article, NewsItem, Source and Story created, updated or removed after a sync cursor, oldest first, each ' +
      'node once in its latest state. Store `pageInfo.endCursor` and ask again with it for what changed since: ' +
      'nothing is handed out twice and nothing is skipped. A cursor older than the changes kept ' +
      '(CHANGES_RETENTION_DAYS) is refused with FULL_RESYNC_REQUIRED.',
  })
  async changes(
    @Arg('after', () => String, { nullable: true, description: 'A cursor from `syncCursor`, a Change or `pageInfo.endCursor`; from the start of the log when left out.' }) after: string | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (1 to 100, default 20).' }) first: number | null,
    @Ctx() ctx: Context,
  ): Promise<ChangeConnection> {
    const page = await ctx.services.changes.page(after, first);
    const nodes = page.changes.map((change): Change => {
      const type = change.entity;
      return {
        cursor: encodeChangeCursor(change, page.database),
        kind: change.op === 'DELETE' ? ChangeKind.DELETE : ChangeKind.UPSERT,
        id: toGlobalId(type, change.entityId),
        type,
        node: loadNode(change, ctx) as Node | null,
        changedAt: new Date(change.at),
      };
    });
    return {
      edges: nodes.map((node) => ({ cursor: node.cursor, node })),
      nodes,
      pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: false, startCursor: nodes[0]?.cursor ?? null, endCursor: page.endCursor },
    };
  }

  // One point, like any root field that reads the database.
  @Query(() => String, {
    complexity: 1,
    description: 'The sync cursor of now. A new client takes it first, copies what it needs with the list queries, then follows `changes(after:)` from it.',
  })
  syncCursor(@Ctx() ctx: Context): Promise<string> {
    return ctx.services.changes.syncCursor();
  }
}
