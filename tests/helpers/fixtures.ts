import type { DataSource } from 'typeorm';
import { ArticleEntity, CategoryEntity, NewsItemEntity, SourceEntity } from '../../src/db/entities';

let sequence = 0;
const next = () => ++sequence;

/** Stores a source; unspecified fields get distinct plausible values. */
export async function insertSource(ds: DataSource, fields: Partial<SourceEntity> = {}): Promise<SourceEntity> {
  const n = next();
  return ds.getRepository(SourceEntity).save({
    name: `Source ${n}`,
    homepageUrl: `https://source-${n}.example/`,
    feedUrl: `https://source-${n}.example/feed.xml`,
    kind: 'RSS',
    language: 'en',
    ...fields,
  });
}

/** Stores a category. */
export async function insertCategory(ds: DataSource, fields: Partial<CategoryEntity> = {}): Promise<CategoryEntity> {
  const n = next();
  return ds.getRepository(CategoryEntity).save({ name: `Category ${n}`, slug: `category-${n}`, ...fields });
}

/** Stores an article of the given source. */
export async function insertArticle(
  ds: DataSource,
  fields: Partial<ArticleEntity> & { sourceId: number; publishedAt: Date },
): Promise<ArticleEntity> {
  const n = next();
  return ds.getRepository(ArticleEntity).save({
    url: `https://news.example/articles/${n}`,
    title: `Article ${n}`,
    summary: `Summary of article ${n}.`,
    body: `<p>Body of article ${n}.</p>`,
    bodyText: `Body of article ${n}.`,
    author: 'A. Writer',
    tags: ['tag'],
    language: 'en',
    wordCount: 4,
    categoryId: null,
    ...fields,
  });
}

/** Stores a news item of the given source. */
export async function insertNewsItem(
  ds: DataSource,
  fields: Partial<NewsItemEntity> & { sourceId: number; publishedAt: Date },
): Promise<NewsItemEntity> {
  const n = next();
  return ds.getRepository(NewsItemEntity).save({
    guid: `guid-${n}`,
    title: `Headline ${n}`,
    url: `https://news.example/items/${n}`,
    articleId: null,
    ...fields,
  });
}

/** Stores `count` articles one minute apart, newest at `newest`, spread over the sources and categories given. */
export async function insertArticleSeries(
  ds: DataSource,
  count: number,
  options: { sources: SourceEntity[]; categories?: CategoryEntity[]; newest: Date; stepMs?: number },
): Promise<ArticleEntity[]> {
  const rows: Partial<ArticleEntity>[] = [];
  for (let i = 0; i < count; i++) {
    const n = next();
    rows.push({
      url: `https://news.example/series/${n}`,
      title: `Series article ${n}`,
      sourceId: options.sources[i % options.sources.length].id,
      categoryId: options.categories?.length ? options.categories[i % options.categories.length].id : null,
      publishedAt: new Date(options.newest.getTime() - i * (options.stepMs ?? 60_000)),
      tags: [],
      language: i % 5 === 0 ? 'de' : 'en',
      wordCount: 100 + i,
    });
  }
  return ds.getRepository(ArticleEntity).save(rows, { chunk: 200 });
}
