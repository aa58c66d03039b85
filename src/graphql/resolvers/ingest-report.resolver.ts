import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import type { MaybePromise } from '../loaders/request-loader';
import { IngestReport } from '../types/ingest-report.type';
import { Source } from '../types/source.type';

/** The source of a refresh report. */
@Resolver(() => IngestReport)
export class IngestReportResolver {
  @FieldResolver(() => Source)
  source(@Root() report: IngestReport, @Ctx() ctx: Context): MaybePromise<Source | null> {
    return ctx.loaders.sources.load(report.sourceId);
  }
}
