import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-text search over news items (headlines), as over articles (see ArticleSearch1796001500000 and
 * SearchByLanguage1796001700000): the title is the whole document, weighed A, read in the language of the
 * item's source (a headline carries none of its own), whose key (`en`, `de`, `fr`, `simple`) is stored beside
 * it for the per-language conditions of a query. A trigger keeps both, on insert and whenever the title or the
 * source changes; a source whose language is set later keeps its earlier headlines' reading.
 */
export class NewsItemSearch1796001750000 implements MigrationInterface {
  name = 'NewsItemSearch1796001750000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION newsline_news_item_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        language text := (SELECT s.language FROM source s WHERE s.id = NEW.source_id);
      BEGIN
        NEW.search_language := newsline_search_language(language);
        NEW.search_vector := newsline_search_document(language, NEW.title, NULL, NULL);
        RETURN NEW;
      END $$`);
    await queryRunner.query(`ALTER TABLE "news_item" ADD "search_vector" tsvector, ADD "search_language" text`);
    await queryRunner.query(`
      UPDATE "news_item" n
      SET "search_vector" = newsline_search_document(s."language", n."title", NULL, NULL), "search_language" = newsline_search_language(s."language")
      FROM "source" s WHERE s."id" = n."source_id"`);
    await queryRunner.query(`ALTER TABLE "news_item" ALTER "search_vector" SET NOT NULL, ALTER "search_language" SET NOT NULL`);
    await queryRunner.query(`
      CREATE TRIGGER "news_item_search_vector" BEFORE INSERT OR UPDATE OF "title", "source_id", "search_vector", "search_language"
      ON "news_item" FOR EACH ROW EXECUTE FUNCTION newsline_news_item_search_vector()`);
    await queryRunner.query(`CREATE INDEX "news_item_search_idx" ON "news_item" USING gin ("search_vector")`);
    // As for articles (SearchByLanguage1796001700000): rare words estimated as rare.
    await queryRunner.query(`ALTER TABLE "news_item" ALTER "search_vector" SET STATISTICS 1000`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "news_item_search_idx"`);
    await queryRunner.query(`DROP TRIGGER "news_item_search_vector" ON "news_item"`);
    await queryRunner.query(`ALTER TABLE "news_item" DROP COLUMN "search_vector", DROP COLUMN "search_language"`);
    await queryRunner.query(`DROP FUNCTION newsline_news_item_search_vector()`);
  }
}
