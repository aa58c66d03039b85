import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a source's last stored refresh could not read of its article pages (a full-text source fetches each new
 * entry's page): how many pages failed, and why the first did, and how many it left for later (past the pages one
 * refresh may read). A refresh could succeed while every page failed, and the source's health said nothing of it.
 * A source whose last refresh left pages unread fetches its feed without validators next time, so that an
 * unchanged feed (a 304) does not keep those pages from being read until the feed changes.
 * Adding a column with a constant default rewrites nothing (PostgreSQL 11 and later).
 */
export class SourcePageHealth1796002500000 implements MigrationInterface {
  name = 'SourcePageHealth1796002500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "source" ADD "last_pages_failed" integer NOT NULL DEFAULT 0, ADD "last_page_error" text,
      ADD "last_pages_left" integer NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "source" DROP COLUMN "last_pages_failed", DROP COLUMN "last_page_error", DROP COLUMN "last_pages_left"`);
  }
}
