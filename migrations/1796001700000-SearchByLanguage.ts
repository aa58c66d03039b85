import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search matches each article under its language's reading of the query with one condition per language,
 * `newsline_search_language(language) = 'de' AND search_vector @@ <the German reading>`, instead of joining
 * each reading to a marker lexeme in one tsquery. The planner estimated the marker query badly: every marker
 * is held by most of the rows of its language, so the GIN index looked expensive for any word, and a rare
 * word's first page walked the whole table. Per-language conditions are each estimated from the statistics
 * of `search_vector`, and the index below makes ANALYZE keep statistics of each row's language key too.
 * New documents carry no marker; those written before keep theirs, which no query reads.
 *
 * ANALYZE keeps the frequencies of the 10,000 most common lexemes (statistics target 1,000) rather than
 * 1,000: the planner estimates any lexeme outside that list at half the rarest one's frequency, and with the
 * default a rare word looked common enough to find a page by walking the newest articles, which for a word
 * in 0.07% of them means reading 27,000 rows.
 */
export class SearchByLanguage1796001700000 implements MigrationInterface {
  name = 'SearchByLanguage1796001700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "article_search_language_idx" ON "article" (newsline_search_language("language"))`);
    await queryRunner.query(`ALTER TABLE "article" ALTER "search_vector" SET STATISTICS 1000`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION newsline_search_document(language text, title text, summary text, body text) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN setweight(to_tsvector(newsline_search_config(language), coalesce(title, '')), 'A') ||
             setweight(to_tsvector(newsline_search_config(language), coalesce(summary, '')), 'B') ||
             setweight(to_tsvector(newsline_search_config(language), coalesce(body, '')), 'C')`);
    await queryRunner.query(`DROP FUNCTION newsline_search_query(text)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "article_search_language_idx"`);
    await queryRunner.query(`ALTER TABLE "article" ALTER "search_vector" SET STATISTICS -1`);
    await queryRunner.query(`
      CREATE FUNCTION newsline_search_query(query text) RETURNS tsquery
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN (
        SELECT string_agg(format('(%s) & %L', parsed::text, 'lang ' || key), ' | ')::tsquery
        FROM (VALUES ('en', websearch_to_tsquery('newsline_en', query)), ('de', websearch_to_tsquery('newsline_de', query)),
                     ('fr', websearch_to_tsquery('newsline_fr', query)), ('simple', websearch_to_tsquery('newsline_simple', query))) AS parses (key, parsed)
        WHERE numnode(parsed) > 0)`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION newsline_search_document(language text, title text, summary text, body text) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN setweight(to_tsvector(newsline_search_config(language), coalesce(title, '')), 'A') ||
             setweight(to_tsvector(newsline_search_config(language), coalesce(summary, '')), 'B') ||
             setweight(to_tsvector(newsline_search_config(language), coalesce(body, '')), 'C') ||
             array_to_tsvector(ARRAY['lang ' || newsline_search_language(language)])`);
  }
}
