import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { SourceKind } from '../../domain/rows';

/** A publisher's feed or page that Newsline reads, with its fetch state and health. */
@Entity({ name: 'source' })
@Index('source_due_idx', ['nextFetchAt'], { where: '"enabled"' })
@Check('source_kind_check', `"kind" IN ('RSS', 'ATOM', 'JSON_FEED', 'HTML')`)
export class SourceEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'homepage_url', type: 'text', nullable: true })
  homepageUrl!: string | null;

  @Column({ name: 'feed_url', type: 'text', unique: true })
  feedUrl!: string;

  @Column({ type: 'text' })
  kind!: SourceKind;

  @Column({ type: 'text', nullable: true })
  language!: string | null;

  @Column({ name: 'fetch_interval_seconds', type: 'int', default: 900 })
  fetchIntervalSeconds!: number;

  @Column({ type: 'text', nullable: true })
  etag!: string | null;

  @Column({ name: 'last_modified', type: 'text', nullable: true })
  lastModified!: string | null;

  @Column({ name: 'last_fetched_at', type: 'timestamptz', precision: 3, nullable: true })
  lastFetchedAt!: Date | null;

  @Column({ name: 'last_success_at', type: 'timestamptz', precision: 3, nullable: true })
  lastSuccessAt!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'consecutive_failures', type: 'int', default: 0 })
  consecutiveFailures!: number;

  /** Article pages the last stored refresh could not read (a full-text source's entries). */
  @Column({ name: 'last_pages_failed', type: 'int', default: 0 })
  lastPagesFailed!: number;

  /** Why the first of those pages could not be read; null when none failed. */
  @Column({ name: 'last_page_error', type: 'text', nullable: true })
  lastPageError!: string | null;

  /** Article pages the last stored refresh left for a later one (past the pages one refresh may read). */
  @Column({ name: 'last_pages_left', type: 'int', default: 0 })
  lastPagesLeft!: number;

  @Column({ name: 'next_fetch_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  nextFetchAt!: Date;

  /** Fetch each entry's page and extract the full article, for feeds that carry only summaries. */
  @Column({ name: 'full_text', type: 'boolean', default: false })
  fullText!: boolean;

  /** Paused sources are not refreshed by the scheduler. */
  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
