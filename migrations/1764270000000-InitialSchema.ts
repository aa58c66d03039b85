import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sources, categories, articles and news items, with the indexes every list query uses. */
export class InitialSchema1764270000000 implements MigrationInterface {
  name = 'InitialSchema1764270000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "source" (
        "id" SERIAL PRIMARY KEY,
        "name" text NOT NULL,
        "homepage_url" text,
        "feed_url" text NOT NULL CONSTRAINT "source_feed_url_key" UNIQUE,
        "kind" text NOT NULL CONSTRAINT "source_kind_check" CHECK ("kind" IN ('RSS', 'ATOM', 'JSON_FEED', 'HTML')),
        "language" text,
        "fetch_interval_seconds" integer NOT NULL DEFAULT 900,
        "etag" text,
        "last_modified" text,
        "last_fetched_at" TIMESTAMP(3) WITH TIME ZONE,
        "last_success_at" TIMESTAMP(3) WITH TIME ZONE,
        "last_error" text,
        "consecutive_failures" integer NOT NULL DEFAULT 0,
        "next_fetch_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE "category" (
        "id" SERIAL PRIMARY KEY,
        "name" text NOT NULL,
        "slug" text NOT NULL CONSTRAINT "category_slug_key" UNIQUE
      )`);
    await queryRunner.query(`
      CREATE TABLE "article" (
        "id" SERIAL PRIMARY KEY,
        "url" text NOT NULL CONSTRAINT "article_url_key" UNIQUE,
        "source_id" integer NOT NULL CONSTRAINT "article_source_fk" REFERENCES "source" ("id") ON DELETE CASCADE,
        "category_id" integer CONSTRAINT "article_category_fk" REFERENCES "category" ("id") ON DELETE SET NULL,
        "title" text NOT NULL,
        "summary" text,
        "body" text,
        "body_text" text,
        "author" text,
        "tags" text array NOT NULL DEFAULT '{}',
        "language" text,
        "image_url" text,
        "published_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "updated_at" TIMESTAMP(3) WITH TIME ZONE,
        "first_seen_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        "attribution" text,
        "word_count" integer NOT NULL DEFAULT 0,
        "content_hash" text
      )`);
    await queryRunner.query(`CREATE INDEX "article_published_idx" ON "article" ("published_at", "id")`);
    await queryRunner.query(`CREATE INDEX "article_source_published_idx" ON "article" ("source_id", "published_at", "id")`);
    await queryRunner.query(`CREATE INDEX "article_category_published_idx" ON "article" ("category_id", "published_at", "id")`);
    await queryRunner.query(`CREATE INDEX "article_language_published_idx" ON "article" ("language", "published_at", "id")`);
    await queryRunner.query(`
      CREATE TABLE "news_item" (
        "id" SERIAL PRIMARY KEY,
        "source_id" integer NOT NULL CONSTRAINT "news_item_source_fk" REFERENCES "source" ("id") ON DELETE CASCADE,
        "guid" text NOT NULL,
        "title" text NOT NULL,
        "url" text NOT NULL,
        "published_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "article_id" integer CONSTRAINT "news_item_article_fk" REFERENCES "article" ("id") ON DELETE SET NULL,
        "first_seen_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "news_item_source_guid_key" UNIQUE ("source_id", "guid")
      )`);
    await queryRunner.query(`CREATE INDEX "news_item_published_idx" ON "news_item" ("published_at", "id")`);
    await queryRunner.query(`CREATE INDEX "news_item_source_published_idx" ON "news_item" ("source_id", "published_at", "id")`);
    await queryRunner.query(`CREATE INDEX "news_item_article_idx" ON "news_item" ("article_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "news_item"`);
    await queryRunner.query(`DROP TABLE "article"`);
    await queryRunner.query(`DROP TABLE "category"`);
    await queryRunner.query(`DROP TABLE "source"`);
  }
}
