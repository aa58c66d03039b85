import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A random identity of this database, made once, when it is created (or migrated to this version). Commit numbers
 * of the change log start at 1 in every database, so answers keyed by the commit alone (the response cache, shared
 * through Redis) were served from one database to another whose log stood at the same number: a database made
 * again, a new DATA_DIR, staging beside production on one Redis. The data version is this identity with the commit.
 */
export class DatabaseIdentity1796002200000 implements MigrationInterface {
  name = 'DatabaseIdentity1796002200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "database_identity" (
        "one" boolean PRIMARY KEY DEFAULT true CONSTRAINT "database_identity_one" CHECK ("one"),
        "id" text NOT NULL DEFAULT gen_random_uuid()::text
      )`);
    await queryRunner.query(`INSERT INTO "database_identity" DEFAULT VALUES`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "database_identity"`);
  }
}
