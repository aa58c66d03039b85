import { fromGlobalId } from '../../domain/global-id';

/** Reads the Source IDs of a filter into row ids; a malformed ID or another type's ID is bad input, naming where it was. */
export function sourceRowIds(ids: string[] | null | undefined, argName = 'filter.sourceIds'): number[] | null | undefined {
  return ids?.map((id, i) => fromGlobalId(id, 'Source', `${argName}[${i}]`).id);
}
