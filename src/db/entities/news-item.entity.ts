import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ArticleEntity } from './article.entity';
import { SourceEntity } from './source.entity';
import { StoryEntity } from './story.entity';

/** One headline in a source's news line, linked to its Article once that is known. */
@Entity({ name: 'news_item' })
@Unique('news_item_source_guid_key', ['sourceId', 'guid'])
@Index('news_item_published_idx', ['publishedAt', 'id'])
@Index('news_item_source_published_idx', ['sourceId', 'publishedAt', 'id'])
@Index('news_item_article_idx', ['articleId'])
@Index('news_item_story_published_idx', ['storyId', 'publishedAt', 'id'])
// GIN, made by the migration; TypeORM describes only B-tree indexes.
@Index('news_item_search_idx', { synchronize: false })
export class NewsItemEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ name: 'source_id', type: 'int' })
  sourceId!: number;

  @ManyToOne(() => SourceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'source_id', foreignKeyConstraintName: 'news_item_source_fk' })
  source?: SourceEntity;

  /** The entry's identity within its source: its GUID, or its URL when it has none. */
  @Column({ type: 'text' })
  guid!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ name: 'published_at', type: 'timestamptz', precision: 3 })
  publishedAt!: Date;

  @Column({ name: 'article_id', type: 'int', nullable: true })
  articleId!: number | null;

  @ManyToOne(() => ArticleEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'article_id', foreignKeyConstraintName: 'news_item_article_fk' })
  article?: ArticleEntity | null;

  /** The story it was grouped into at ingest; null until grouped. */
  @Column({ name: 'story_id', type: 'int', nullable: true })
  storyId!: number | null;

  @ManyToOne(() => StoryEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'story_id', foreignKeyConstraintName: 'news_item_story_fk' })
  story?: StoryEntity | null;

  /** Its score against the story when it joined (scoring.ts); null for the headline that started the story. */
  @Column({ name: 'story_score', type: 'double precision', nullable: true })
  storyScore!: number | null;

  @Column({ name: 'first_seen_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  firstSeenAt!: Date;

  /** When the publisher last changed the headline or link. */
  @Column({ name: 'updated_at', type: 'timestamptz', precision: 3, nullable: true })
  updatedAt!: Date | null;

  /** The search document of the headline: written by the database's trigger from the title and the source's language. */
  @Column({ name: 'search_vector', type: 'tsvector', select: false, insert: false, update: false })
  searchVector!: string;

  /** The key of the language the headline is read in (`en`, `de`, `fr`, `simple`): written by the same trigger. */
  @Column({ name: 'search_language', type: 'text', select: false, insert: false, update: false })
  searchLanguage!: string;
}
