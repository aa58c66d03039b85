import { Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { COUNT_COST } from '../cost/cost-estimator';
import { mapMaybe, MaybePromise } from '../loaders/request-loader';
import { toConnection, toSource, toSourceHealth } from '../mappers';
import { SourceConnection } from '../types/connections';
import { PageArgs } from '../types/inputs';
import { Source, SourceHealth } from '../types/source.type';

/** Queries of sources and the health field of Source. */
@Resolver(() => Source)
export class SourceResolver {
  @Query(() => SourceConnection, { description: 'The sources Newsline reads, newest first.' })
  async sources(@Args() args: PageArgs, @Ctx() ctx: Context): Promise<InstanceType<typeof SourceConnection>> {
    const page = await ctx.services.sources.list(args);
    return toConnection(page, (row) => {
      ctx.loaders.sourceRows.prime(row.id, row);
      return toSource(row);
    }) as unknown as InstanceType<typeof SourceConnection>;
  }

  @FieldResolver(() => SourceHealth, { description: 'Fetch state and health: when it was read, errors, counts.' })
  health(@Root() source: Source, @Ctx() ctx: Context): MaybePromise<SourceHealth | null> {
    return mapMaybe(ctx.loaders.sourceRows.load(source.rowId), (row) => row && toSourceHealth(row));
  }
}

/** The counts of SourceHealth: read only when asked for, since counting reads the article and news item tables. */
@Resolver(() => SourceHealth)
export class SourceHealthResolver {
  // Counted in the database each time: on a million articles, ten sources' counts take about 140 ms, which one point
  // for the health object did not pay for. Priced as totalCount is, each.
  @FieldResolver(() => Int, { complexity: COUNT_COST, description: 'Articles first read from this source.' })
  articleCount(@Root() health: SourceHealth, @Ctx() ctx: Context): MaybePromise<number> {
    return mapMaybe(ctx.loaders.sourceCounts.load(health.sourceRowId), (row) => row?.article_count ?? 0);
  }

  @FieldResolver(() => Int, { complexity: COUNT_COST, description: "News items in this source's news line." })
  newsItemCount(@Root() health: SourceHealth, @Ctx() ctx: Context): MaybePromise<number> {
    return mapMaybe(ctx.loaders.sourceCounts.load(health.sourceRowId), (row) => row?.news_item_count ?? 0);
  }
}
