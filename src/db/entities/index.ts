import { ArticleEntity } from './article.entity';
import { CategoryEntity } from './category.entity';
import { NewsItemEntity } from './news-item.entity';
import { SourceEntity } from './source.entity';

export { ArticleEntity, CategoryEntity, NewsItemEntity, SourceEntity };

/** Every entity, for the DataSource. */
export const ENTITIES = [SourceEntity, CategoryEntity, ArticleEntity, NewsItemEntity];
