import { MigrationInterface, QueryRunner } from 'typeorm';

/** What refreshing sources needs: a lease so one worker at a time refreshes a source, full-text and pause switches, headline edits. */
export class SourceRefreshState1764280000000 implements MigrationInterface {
  name = 'SourceRefreshState1764280000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "source" ADD "full_text" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "source" ADD "enabled" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE "source" ADD "refreshing_until" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "news_item" ADD "updated_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "source_due_idx" ON "source" ("next_fetch_at") WHERE "enabled"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "source_due_idx"`);
    await queryRunner.query(`ALTER TABLE "news_item" DROP COLUMN "updated_at"`);
    await queryRunner.query(`ALTER TABLE "source" DROP COLUMN "refreshing_until"`);
    await queryRunner.query(`ALTER TABLE "source" DROP COLUMN "enabled"`);
    await queryRunner.query(`ALTER TABLE "source" DROP COLUMN "full_text"`);
  }
}
