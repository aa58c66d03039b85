import { ArticleEntity } from './article.entity';
import { CategoryEntity } from './category.entity';
import { NewsItemEntity } from './news-item.entity';
import { SourceEntity } from './source.entity';
import { StoryEntity, StoryTermEntity, StoryTermStatEntity } from './story.entity';

export { ArticleEntity, CategoryEntity, NewsItemEntity, SourceEntity, StoryEntity, StoryTermEntity, StoryTermStatEntity };

/** Every entity, for the DataSource. */
export const ENTITIES = [SourceEntity, CategoryEntity, ArticleEntity, NewsItemEntity, StoryEntity, StoryTermEntity, StoryTermStatEntity];
