import { Article } from './article.type';
import { connectionTypes } from './connection.type';
import { NewsItem } from './news-item.type';
import { SearchEdgeFields } from './search.type';
import { Source } from './source.type';
import { Story } from './story.type';

export const { Connection: ArticleConnection } = connectionTypes('Article', Article);
export const { Connection: NewsItemConnection } = connectionTypes('NewsItem', NewsItem);
export const { Connection: SourceConnection } = connectionTypes('Source', Source);
export const { Connection: ArticleSearchConnection } = connectionTypes('ArticleSearch', Article, SearchEdgeFields);
export const { Connection: StoryConnection } = connectionTypes('Story', Story);
export const { Connection: NewsItemSearchConnection } = connectionTypes('NewsItemSearch', NewsItem, SearchEdgeFields);
