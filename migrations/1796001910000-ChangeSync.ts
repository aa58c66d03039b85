import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delta sync reads the change log (ChangeLog1796001900000) for `changes(after:)`, which hands out each node's
 * latest change only: a change is skipped when a later one of the same node follows it, found through this index.
 *
 * A database that held data before the change log existed has rows no change describes: reading "from the
 * beginning of the log" would miss them, so the horizon is set there, and only a cursor taken since (syncCursor,
 * or a change's) is followed.
 */
export class ChangeSync1796001910000 implements MigrationInterface {
  name = 'ChangeSync1796001910000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "change_log_entity_idx" ON "change_log" ("entity_id", "entity")`);
    await queryRunner.query(`
      INSERT INTO "change_log_horizon" ("commit")
      SELECT 0 WHERE EXISTS (SELECT 1 FROM "source") OR EXISTS (SELECT 1 FROM "article") OR EXISTS (SELECT 1 FROM "news_item")
      ON CONFLICT DO NOTHING`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "change_log_entity_idx"`);
  }
}
