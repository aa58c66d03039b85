import type { DataSource } from 'typeorm';
import { ArticleRepository } from '../db/repositories/article.repository';
import { CategoryRepository } from '../db/repositories/category.repository';
import { NewsItemRepository } from '../db/repositories/news-item.repository';
import { SearchRepository } from '../db/repositories/search.repository';
import { SourceRemovalRepository } from '../db/repositories/source-removal.repository';
import { SourceRepository } from '../db/repositories/source.repository';
import { Sql } from '../db/sql';
import { ArticleService } from './article.service';
import { ChangeService } from './change.service';
import { ChangeLogRepository } from '../db/repositories/change-log.repository';
import { CategoryService } from './category.service';
import { NewsItemService } from './news-item.service';
import { SearchService } from './search.service';
import { SourceEntity } from '../db/entities';
import type { SourceProbe, SourceRefresher } from './ports';
import { SourceAdminService } from './source-admin.service';
import { SourceService } from './source.service';
import { StoryRepository } from '../db/repositories/story.repository';
import { StoryService } from './story.service';

/** The use cases the API and the CLI call; one set per process. */
export interface Services {
  articles: ArticleService;
  newsItems: NewsItemService;
  search: SearchService;
  stories: StoryService;
  sources: SourceService;
  categories: CategoryService;
  sourceAdmin: SourceAdminService;
  changes: ChangeService;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
}

/** What the services need from the ingestion layer, wired by the composition root. */
export interface IngestPorts {
  probe: SourceProbe;
  refresher: SourceRefresher;
  defaultFetchIntervalSeconds: number;
}

/** Wires repositories and services over an initialized DataSource. */
export function createServices(dataSource: DataSource, ingest: IngestPorts): Services {
  const sql = new Sql(dataSource);
  const sources = new SourceRepository(sql);
  return {
    articles: new ArticleService(new ArticleRepository(sql), sources),
    newsItems: new NewsItemService(new NewsItemRepository(sql), sources),
    search: new SearchService(new SearchRepository(sql), sources),
    stories: new StoryService(new StoryRepository(sql), sources),
    sources: new SourceService(sources),
    categories: new CategoryService(new CategoryRepository(sql)),
    sourceAdmin: new SourceAdminService(
      dataSource.getRepository(SourceEntity),
      new SourceRemovalRepository(dataSource),
      ingest.probe,
      ingest.refresher,
      ingest.defaultFetchIntervalSeconds,
    ),
    changes: new ChangeService(new ChangeLogRepository(dataSource)),
    ping: async () => {
      await dataSource.query('SELECT 1');
      return true;
    },
  };
}
