import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stories: the headlines of different sources that report one event, grouped at ingest (src/domain/stories).
 * `story_term` is both each story's term profile (the sum of its headlines' TF-IDF weights) and the inverted index
 * candidates are found through (by term, latest use first); `story_term_stat` holds how many headlines each term
 * was in, for IDF learned online, and under the empty term (never a term: terms have two letters or more) how many
 * headlines were grouped. A news item keeps its story and the score it joined with (null for a story's first).
 * `top_at` orders the TOP list: the last publication moved 24 hours later for each doubling of the sources.
 */
export class Stories1796001600000 implements MigrationInterface {
  name = 'Stories1796001600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "story" (
        "id" SERIAL PRIMARY KEY,
        "title" text NOT NULL,
        "first_published_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "last_published_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "top_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "item_count" integer NOT NULL DEFAULT 0,
        "source_count" integer NOT NULL DEFAULT 0,
        "profile_norm" double precision NOT NULL DEFAULT 0
      )`);
    await queryRunner.query(`CREATE INDEX "story_last_published_idx" ON "story" ("last_published_at", "id")`);
    await queryRunner.query(`CREATE INDEX "story_top_idx" ON "story" ("top_at", "id")`);
    await queryRunner.query(`
      CREATE TABLE "story_term" (
        "story_id" integer NOT NULL CONSTRAINT "story_term_story_fk" REFERENCES "story" ("id") ON DELETE CASCADE,
        "term" text NOT NULL,
        "weight" double precision NOT NULL,
        "last_used_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        CONSTRAINT "story_term_pkey" PRIMARY KEY ("story_id", "term")
      )`);
    await queryRunner.query(`CREATE INDEX "story_term_lookup_idx" ON "story_term" ("term", "last_used_at", "story_id")`);
    await queryRunner.query(`CREATE TABLE "story_term_stat" ("term" text PRIMARY KEY, "documents" integer NOT NULL)`);
    await queryRunner.query(
      `ALTER TABLE "news_item" ADD "story_id" integer CONSTRAINT "news_item_story_fk" REFERENCES "story" ("id") ON DELETE SET NULL`,
    );
    await queryRunner.query(`ALTER TABLE "news_item" ADD "story_score" double precision`);
    await queryRunner.query(`CREATE INDEX "news_item_story_published_idx" ON "news_item" ("story_id", "published_at", "id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "news_item_story_published_idx"`);
    await queryRunner.query(`ALTER TABLE "news_item" DROP COLUMN "story_score"`);
    await queryRunner.query(`ALTER TABLE "news_item" DROP COLUMN "story_id"`);
    await queryRunner.query(`DROP TABLE "story_term_stat"`);
    await queryRunner.query(`DROP TABLE "story_term"`);
    await queryRunner.query(`DROP TABLE "story"`);
  }
}
