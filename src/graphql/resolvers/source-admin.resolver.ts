import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { fromGlobalId } from '../../domain/global-id';
import type { Context } from '../context';
import type { SourceSettings } from '../../domain/rows';
import { toJoinedSource } from '../mappers';
import { IngestReport, IngestStatus } from '../types/ingest-report.type';
import { AddSourceInput, UpdateSourceInput } from '../types/source-inputs';
import { Source } from '../types/source.type';

/** Mutations that manage sources; each needs the admin token. */
@Resolver()
export class SourceAdminResolver {
  @Authorized()
  @Mutation(() => Source, { description: 'Subscribes to a feed or page. Needs `Authorization: Bearer <ADMIN_TOKEN>`.' })
  async addSource(@Arg('input', () => AddSourceInput) input: AddSourceInput, @Ctx() ctx: Context): Promise<Source> {
    return this.shown(await ctx.services.sourceAdmin.add(input));
  }

  @Authorized()
  @Mutation(() => Source, { description: "Changes a source's settings. Needs the admin token." })
  async updateSource(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateSourceInput) input: UpdateSourceInput,
    @Ctx() ctx: Context,
  ): Promise<Source> {
    return this.shown(await ctx.services.sourceAdmin.update(fromGlobalId(id, 'Source', 'id').id, input));
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description:
      'Removes a source, all its news items, and the articles first read from it that no other source\'s news item links to. ' +
      'Articles that other sources\' news items link to are kept and handed to the source whose news item saw them first. ' +
      'Answers true, or NOT_FOUND. Needs the admin token.',
  })
  async removeSource(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    await ctx.services.sourceAdmin.remove(fromGlobalId(id, 'Source', 'id').id);
    return true;
  }

  @Authorized()
  @Mutation(() => IngestReport, { description: 'Fetches a source now and reports what it found. Needs the admin token.' })
  async refreshSource(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<IngestReport> {
    const report = await ctx.services.sourceAdmin.refresh(fromGlobalId(id, 'Source', 'id').id);
    return Object.assign(new IngestReport(), report, { status: report.status as IngestStatus });
  }

  /** The source as the API shows it, from what was just written (a read replica may not have it yet). */
  private shown(entity: SourceSettings): Source {
    return toJoinedSource({
      source_id: entity.id,
      source_name: entity.name,
      source_homepage_url: entity.homepageUrl,
      source_feed_url: entity.feedUrl,
      source_kind: entity.kind,
      source_language: entity.language,
    });
  }
}
