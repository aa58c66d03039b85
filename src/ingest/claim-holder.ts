import type { ClaimHolder } from '../db/repositories/ingest.repository';

/** Names the holder of a source's claim for a person: the process, and its database session. */
export function describeHolder(holder: ClaimHolder | null): string {
  if (!holder) return 'another refresh that has just ended';
  if (holder.self) return 'this process (another refresh of it is under way)';
  const where = holder.address ? ` from ${holder.address}` : '';
  return `${holder.application ?? 'another process'} (PostgreSQL session ${holder.pid}${where})`;
}
