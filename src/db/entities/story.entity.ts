import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** The headlines of different sources that report one event (see migrations/1796001600000-Stories.ts). */
@Entity({ name: 'story' })
@Index('story_last_published_idx', ['lastPublishedAt', 'id'])
@Index('story_top_idx', ['topAt', 'id'])
export class StoryEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  /** The headline that started the story. */
  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'first_published_at', type: 'timestamptz', precision: 3 })
  firstPublishedAt!: Date;

  @Column({ name: 'last_published_at', type: 'timestamptz', precision: 3 })
  lastPublishedAt!: Date;

  /** The TOP order's key: last_published_at + 24 h × log2(source_count) (see StoryRepository). */
  @Column({ name: 'top_at', type: 'timestamptz', precision: 3 })
  topAt!: Date;

  @Column({ name: 'item_count', type: 'int', default: 0 })
  itemCount!: number;

  @Column({ name: 'source_count', type: 'int', default: 0 })
  sourceCount!: number;

  /** The Euclidean norm of the story's term profile (its story_term weights). */
  @Column({ name: 'profile_norm', type: 'double precision', default: 0 })
  profileNorm!: number;
}

/** One term of a story's profile, and the index entry candidates are found through (by term, latest use first). */
@Entity({ name: 'story_term' })
@Index('story_term_lookup_idx', ['term', 'lastUsedAt', 'storyId'])
export class StoryTermEntity {
  @PrimaryColumn({ name: 'story_id', type: 'int', primaryKeyConstraintName: 'story_term_pkey' })
  storyId!: number;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'story_term_pkey' })
  term!: string;

  @ManyToOne(() => StoryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'story_id', foreignKeyConstraintName: 'story_term_story_fk' })
  story?: StoryEntity;

  @Column({ type: 'double precision' })
  weight!: number;

  @Column({ name: 'last_used_at', type: 'timestamptz', precision: 3 })
  lastUsedAt!: Date;
}

/** How many grouped headlines a term was in (the empty term: how many were grouped), for IDF learned online. */
@Entity({ name: 'story_term_stat' })
export class StoryTermStatEntity {
  @PrimaryColumn({ type: 'text' })
  term!: string;

  @Column({ type: 'int' })
  documents!: number;
}
