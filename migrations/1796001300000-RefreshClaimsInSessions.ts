import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refresh claims moved from a leased column to advisory locks of the claiming session, which end
 * when their process dies; the lease column (which outlived a killed refresh by ten minutes) goes.
 */
export class RefreshClaimsInSessions1796001300000 implements MigrationInterface {
  name = 'RefreshClaimsInSessions1796001300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "source" DROP COLUMN "refreshing_until"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "source" ADD "refreshing_until" TIMESTAMP(3) WITH TIME ZONE`);
  }
}
