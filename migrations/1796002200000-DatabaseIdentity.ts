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
    // The identity, with where the database lives: the server's system identifier (which a copy restored into another
    // cluster does not share, though it shares the random id) and the database's OID. A role that may not read the
    // control file (a managed server may revoke it) goes without the system identifier rather than fail.
    await queryRunner.query(`
      CREATE FUNCTION newsline_database_identity() RETURNS text LANGUAGE plpgsql STABLE AS $$
      DECLARE
        system text;
      BEGIN
        BEGIN
          SELECT system_identifier::text INTO system FROM pg_control_system();
        EXCEPTION WHEN insufficient_privilege THEN
          system := NULL;
        END;
        RETURN concat_ws(':', (SELECT id FROM database_identity), system, (SELECT oid::text FROM pg_database WHERE datname = current_database()));
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION newsline_database_identity()`);
    await queryRunner.query(`DROP TABLE "database_identity"`);
  }
}
