import { fromGlobalId } from '../../domain/global-id';

/** Reads the Source IDs of a filter into row ids; a malformed ID or another type's ID is bad input. */
export function sourceRowIds(ids: string[] | null | undefined): number[] | null | undefined {
  return ids?.map((id) => fromGlobalId(id, 'Source').id);
}
