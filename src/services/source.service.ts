import type { SourceRepository } from '../db/repositories/source.repository';
import type { SourceCountsRow, SourceRow } from '../domain/rows';
import type { PageArgs } from '../domain/page';
import { inKeyOrder } from './in-key-order';
import { ListPage, listPage, pageRequest } from './pagination';

/** Reading sources. */
export class SourceService {
  constructor(private readonly sources: SourceRepository) {}

  /** A page of sources, newest first. */
  async list(args: PageArgs): Promise<ListPage<SourceRow>> {
    const request = pageRequest(args, ['sources']);
    const result = await this.sources.list(request.page);
    return listPage(request, result, () => this.sources.count());
  }

  /** Every source, oldest first (for the command line; the API pages). */
  all(): Promise<SourceRow[]> {
    return this.sources.all();
  }

  /** How many sources there are. */
  count(): Promise<number> {
    return this.sources.count();
  }

  /** The sources with these ids, one per id in id order, null where none exists. */
  async byIds(ids: readonly number[]): Promise<(SourceRow | null)[]> {
    return inKeyOrder(ids, await this.sources.byIds(ids));
  }

  /** The article and news item counts of these sources, one per id in id order, null where none exists. */
  async counts(ids: readonly number[]): Promise<(SourceCountsRow | null)[]> {
    return inKeyOrder(ids, await this.sources.counts(ids));
  }
}
