import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An article's search document reads at most the first 100,000 characters of its body text (about 15,000 words; a
 * news article has 300 to 3,000) and 10,000 of its summary. A tsvector holds at most 1 MB of lexemes, and a body of
 * many distinct words (2 MB of them, say) made `to_tsvector` fail, which failed the statement that stored the
 * article and so the whole refresh of its source, every time. Documents stored before are as they were.
 */
export class SearchDocumentBounded1796002100000 implements MigrationInterface {
  name = 'SearchDocumentBounded1796002100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION newsline_search_document(language text, title text, summary text, body text) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN setweight(to_tsvector(newsline_search_config(language), coalesce(title, '')), 'A') ||
             setweight(to_tsvector(newsline_search_config(language), left(coalesce(summary, ''), 10000)), 'B') ||
             setweight(to_tsvector(newsline_search_config(language), left(coalesce(body, ''), 100000)), 'C')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION newsline_search_document(language text, title text, summary text, body text) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN setweight(to_tsvector(newsline_search_config(language), coalesce(title, '')), 'A') ||
             setweight(to_tsvector(newsline_search_config(language), coalesce(summary, '')), 'B') ||
             setweight(to_tsvector(newsline_search_config(language), coalesce(body, '')), 'C')`);
  }
}
