import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fingerprint of the feed entry an article was derived from: a refresh that finds the same entry again
 * keeps the stored article instead of deriving it anew (sanitize, text, summary, attribution, words).
 */
export class ArticleEntryHash1796001400000 implements MigrationInterface {
  name = 'ArticleEntryHash1796001400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "article" ADD "entry_hash" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "article" DROP COLUMN "entry_hash"`);
  }
}
