import type { DataSource } from 'typeorm';
import { writeTransaction } from '../data-source';
import { recountStories, storiesOfSource } from './story-grouping';

/** What removing a source removed, and what it kept. */
export interface SourceRemoval {
  /** The source's news items, all removed. */
  newsItems: number;
  /** Articles first read from the source that no other source's news item links to, removed. */
  articles: number;
  /** Articles first read from the source that other sources' news items link to: kept, and handed to one of those sources. */
  articlesKept: number;
}

/** The SQL of removing a source without taking other sources' articles with it. */
export class SourceRemovalRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Removes a source in one transaction: first hands each of its articles that another source's
   * news item links to over to the source whose item saw it first, then deletes its news items (and the
   * stories they leave empty; the others are counted again), the articles left to it, and the source. Null when there is no such source.
   */
  async remove(sourceId: number): Promise<SourceRemoval | null> {
    return writeTransaction(this.dataSource, async (manager) => {
      // Locked first, so that a refresh of this source committing meanwhile waits, then fails on the missing source.
      const found: unknown[] = await manager.query('SELECT id FROM source WHERE id = $1 FOR UPDATE', [sourceId]);
      if (found.length === 0) return null;
      // Wrapped in WITH so that both drivers answer a row (TypeORM reshapes a bare UPDATE's or DELETE's result on pg).
      const count = async (sql: string): Promise<number> => (await manager.query(`WITH changed AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM changed`, [sourceId]))[0].n;
      const articlesKept = await count(
        `UPDATE article SET source_id = heir.source_id
         FROM (SELECT DISTINCT ON (n.article_id) n.article_id, n.source_id
               FROM news_item n JOIN article a ON a.id = n.article_id
               WHERE a.source_id = $1 AND n.source_id <> $1
               ORDER BY n.article_id, n.first_seen_at, n.id) heir
         WHERE article.id = heir.article_id`,
      );
      const stories = await storiesOfSource(manager, sourceId);
      const newsItems = await count('DELETE FROM news_item WHERE source_id = $1');
      await recountStories(manager, stories);
      const articles = await count('DELETE FROM article WHERE source_id = $1');
      await manager.query('DELETE FROM source WHERE id = $1', [sourceId]);
      return { newsItems, articles, articlesKept };
    });
  }
}
