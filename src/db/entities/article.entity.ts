import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CategoryEntity } from './category.entity';
import { SourceEntity } from './source.entity';

/** One full article, stored once under its canonical URL whichever feeds lead to it. */
@Entity({ name: 'article' })
@Index('article_published_idx', ['publishedAt', 'id'])
@Index('article_source_published_idx', ['sourceId', 'publishedAt', 'id'])
@Index('article_category_published_idx', ['categoryId', 'publishedAt', 'id'])
// GIN, made by the migration; TypeORM describes only B-tree indexes.
@Index('article_search_idx', { synchronize: false })
// On newsline_search_language(language): an expression, which TypeORM does not describe.
@Index('article_search_language_idx', { synchronize: false })
// On the first subtag of the language, and on its first two, then publishedAt and id: what a language range compares.
@Index('article_language_subtag_published_idx', { synchronize: false })
@Index('article_language_subtags_published_idx', { synchronize: false })
export class ArticleEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'text', unique: true })
  url!: string;

  @Column({ name: 'source_id', type: 'int' })
  sourceId!: number;

  @ManyToOne(() => SourceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'source_id', foreignKeyConstraintName: 'article_source_fk' })
  source?: SourceEntity;

  @Column({ name: 'category_id', type: 'int', nullable: true })
  categoryId!: number | null;

  @ManyToOne(() => CategoryEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'article_category_fk' })
  category?: CategoryEntity | null;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  /** Sanitized HTML. */
  @Column({ type: 'text', nullable: true })
  body!: string | null;

  @Column({ name: 'body_text', type: 'text', nullable: true })
  bodyText!: string | null;

  @Column({ type: 'text', nullable: true })
  author!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ type: 'text', nullable: true })
  language!: string | null;

  @Column({ name: 'image_url', type: 'text', nullable: true })
  imageUrl!: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', precision: 3 })
  publishedAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', precision: 3, nullable: true })
  updatedAt!: Date | null;

  @Column({ name: 'first_seen_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  firstSeenAt!: Date;

  /** The original publisher when the source republishes ("informs via POLITICO" -> POLITICO). */
  @Column({ type: 'text', nullable: true })
  attribution!: string | null;

  @Column({ name: 'word_count', type: 'int', default: 0 })
  wordCount!: number;

  @Column({ name: 'content_hash', type: 'text', nullable: true })
  contentHash!: string | null;

  /** The search document: written by the database's trigger from the text and language, never by the application. */
  @Column({ name: 'search_vector', type: 'tsvector', select: false, insert: false, update: false })
  searchVector!: string;

  /** entryHash() of the feed entry the article was derived from; null when it was read from its page. */
  @Column({ name: 'entry_hash', type: 'text', nullable: true })
  entryHash!: string | null;
}
