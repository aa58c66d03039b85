import { MigrationInterface, QueryRunner } from 'typeorm';

/** The languages whose words are stemmed; any other language (or none) is searched word for word. */
const STEMMED = [
  { key: 'en', parser: 'english', stemmer: 'english_stem' },
  { key: 'de', parser: 'german', stemmer: 'german_stem' },
  { key: 'fr', parser: 'french', stemmer: 'french_stem' },
];

/**
 * Full-text search over articles, kept by the database itself.
 *
 * Each language gets a text search configuration that folds accents (the `unaccent` dictionary) before
 * its stemmer, so "cafe" finds "café" and "Wahlen" finds "Wahl". The configuration is chosen by the
 * article's language inside `to_tsvector(regconfig, text)`, which is immutable (`unaccent()` the function
 * is only stable), so the document is one immutable function of the row, which a trigger stores in
 * `search_vector` on every insert and on every update of the text: in the statement that writes the
 * article (the ingest transaction, the demo load), on PGlite as on a server.
 *
 * The vector weighs the title A, the summary B and the body C, and holds one marker lexeme naming its
 * language (`'lang en'`; the parser never makes a lexeme with a space). A query is parsed once per
 * language and each parse is joined to its marker, so that one tsquery, which the GIN index answers,
 * matches every article under the parse of its own language: "-Wahlen" excludes a German article
 * that says "Wahlen", which its English parse ("wahlen") would not.
 */
export class ArticleSearch1796001500000 implements MigrationInterface {
  name = 'ArticleSearch1796001500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    for (const { key, parser, stemmer } of STEMMED) {
      await queryRunner.query(`CREATE TEXT SEARCH CONFIGURATION newsline_${key} (COPY = pg_catalog.${parser})`);
      // The ASCII token types hold no accents; the others (word, hword, hword_part) may.
      await queryRunner.query(`ALTER TEXT SEARCH CONFIGURATION newsline_${key} ALTER MAPPING FOR word, hword, hword_part WITH unaccent, ${stemmer}`);
    }
    await queryRunner.query(`CREATE TEXT SEARCH CONFIGURATION newsline_simple (COPY = pg_catalog.simple)`);
    await queryRunner.query(`ALTER TEXT SEARCH CONFIGURATION newsline_simple ALTER MAPPING FOR word, hword, hword_part WITH unaccent, simple`);
    // "en", "en-GB", "EN_us" -> "en"; anything else -> "simple".
    await queryRunner.query(`
      CREATE FUNCTION newsline_search_language(language text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN CASE split_part(replace(lower(language), '_', '-'), '-', 1)
        ${STEMMED.map(({ key }) => `WHEN '${key}' THEN '${key}'`).join(' ')} ELSE 'simple' END`);
    await queryRunner.query(`
      CREATE FUNCTION newsline_search_config(language text) RETURNS regconfig
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN CASE newsline_search_language(language)
        ${STEMMED.map(({ key }) => `WHEN '${key}' THEN 'newsline_${key}'::regconfig`).join(' ')} ELSE 'newsline_simple'::regconfig END`);
    // The query as each language reads it, each joined to that language's marker; NULL when no language finds a word in it.
    await queryRunner.query(`
      CREATE FUNCTION newsline_search_query(query text) RETURNS tsquery
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN (
        SELECT string_agg(format('(%s) & %L', parsed::text, 'lang ' || key), ' | ')::tsquery
        FROM (VALUES ${[...STEMMED.map(({ key }) => key), 'simple'].map((key) => `('${key}', websearch_to_tsquery('newsline_${key}', query))`).join(', ')}) AS parses (key, parsed)
        WHERE numnode(parsed) > 0)`);
    await queryRunner.query(`
      CREATE FUNCTION newsline_search_document(language text, title text, summary text, body text) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN setweight(to_tsvector(newsline_search_config(language), coalesce(title, '')), 'A') ||
             setweight(to_tsvector(newsline_search_config(language), coalesce(summary, '')), 'B') ||
             setweight(to_tsvector(newsline_search_config(language), coalesce(body, '')), 'C') ||
             array_to_tsvector(ARRAY['lang ' || newsline_search_language(language)])`);
    // A trigger rather than a generated column: TypeORM reads generated columns' expressions from a table of
    // its own, and a column trigger recomputes the vector only when the text or the language changes.
    await queryRunner.query(`
      CREATE FUNCTION newsline_article_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_vector := newsline_search_document(NEW.language, NEW.title, NEW.summary, NEW.body_text);
        RETURN NEW;
      END $$`);
    await queryRunner.query(`ALTER TABLE "article" ADD "search_vector" tsvector`);
    await queryRunner.query(`UPDATE "article" SET "search_vector" = newsline_search_document("language", "title", "summary", "body_text")`);
    await queryRunner.query(`ALTER TABLE "article" ALTER "search_vector" SET NOT NULL`);
    // Also on an update of search_vector itself, so that nothing can store a vector that is not the text's.
    await queryRunner.query(`
      CREATE TRIGGER "article_search_vector" BEFORE INSERT OR UPDATE OF "title", "summary", "body_text", "language", "search_vector"
      ON "article" FOR EACH ROW EXECUTE FUNCTION newsline_article_search_vector()`);
    await queryRunner.query(`CREATE INDEX "article_search_idx" ON "article" USING gin ("search_vector")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "article_search_idx"`);
    await queryRunner.query(`DROP TRIGGER "article_search_vector" ON "article"`);
    await queryRunner.query(`ALTER TABLE "article" DROP COLUMN "search_vector"`);
    await queryRunner.query(`DROP FUNCTION newsline_article_search_vector()`);
    await queryRunner.query(`DROP FUNCTION newsline_search_document(text, text, text, text)`);
    await queryRunner.query(`DROP FUNCTION newsline_search_query(text)`);
    await queryRunner.query(`DROP FUNCTION newsline_search_config(text)`);
    await queryRunner.query(`DROP FUNCTION newsline_search_language(text)`);
    for (const key of [...STEMMED.map(({ key }) => key), 'simple']) await queryRunner.query(`DROP TEXT SEARCH CONFIGURATION newsline_${key}`);
  }
}
