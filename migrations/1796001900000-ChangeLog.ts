import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables whose rows are nodes of the API, and the node type each row is. */
const RECORDED = [
  ['article', 'Article'],
  ['news_item', 'NewsItem'],
  ['source', 'Source'],
  ['story', 'Story'],
] as const;

/**
 * One stream of changes (DESIGN.md, "Growing the design"): every insert, update and delete of an article, news
 * item, source or story is recorded in `change_log` by statement-level triggers, in the same transaction as the
 * change, whoever makes it (a server, a `newsline worker`, the CLI, a cascade from a removed source). An update
 * that changes nothing in the row is not recorded.
 *
 * Commit order: sequence numbers are handed out as rows are written, but transactions commit in another order,
 * so a reader going by them could see change 10 before change 9 commits and then skip 9 for ever. So each
 * transaction that records changes also gets a number *as it commits*: its first change inserts a row into
 * `change_commit`, whose deferred constraint trigger runs at COMMIT, takes the next value of the one-row
 * `change_counter` (an UPDATE: the row stays locked until the commit has finished, so the next committer waits
 * for it) and stamps it on the transaction's row. Commit numbers therefore follow commit order exactly: when a
 * reader sees commit N, every commit before N is already visible. Readers follow (commit, seq).
 * (An approach by `pg_snapshot_xmin` holds changes back while any transaction of the whole server is open,
 * including those of other databases: a long one stalls every subscriber.) The stamping trigger also sends one
 * notification on the `newsline_changes` channel with the commit number; PostgreSQL delivers it after the commit.
 *
 * Rows are pruned after CHANGES_RETENTION_DAYS; `change_log_horizon` keeps the newest commit pruned, so a cursor
 * older than it is known to have missed changes.
 */
export class ChangeLog1796001900000 implements MigrationInterface {
  name = 'ChangeLog1796001900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "change_log" (
        "xid" bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
        "seq" bigint GENERATED ALWAYS AS IDENTITY,
        "entity" text NOT NULL CONSTRAINT "change_log_entity_check" CHECK ("entity" IN ('Article', 'NewsItem', 'Source', 'Story')),
        "entity_id" integer NOT NULL,
        "op" "char" NOT NULL CONSTRAINT "change_log_op_check" CHECK ("op" IN ('I', 'U', 'D')),
        CONSTRAINT "change_log_pkey" PRIMARY KEY ("xid", "seq")
      )`);
    await queryRunner.query(`
      CREATE TABLE "change_commit" (
        "xid" bigint PRIMARY KEY,
        "commit" bigint CONSTRAINT "change_commit_commit_key" UNIQUE,
        "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "change_commit_at_idx" ON "change_commit" ("at")`);
    await queryRunner.query(`
      CREATE TABLE "change_counter" (
        "one" boolean PRIMARY KEY DEFAULT true CONSTRAINT "change_counter_one" CHECK ("one"),
        "last" bigint NOT NULL
      )`);
    await queryRunner.query(`INSERT INTO "change_counter" ("last") VALUES (0)`);
    await queryRunner.query(`
      CREATE TABLE "change_log_horizon" (
        "one" boolean PRIMARY KEY DEFAULT true CONSTRAINT "change_log_horizon_one" CHECK ("one"),
        "commit" bigint NOT NULL
      )`);
    await queryRunner.query(`
      CREATE FUNCTION newsline_record_changes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO change_log (entity, entity_id, op) SELECT TG_ARGV[0], n.id, 'I' FROM new_rows n;
        ELSIF TG_OP = 'UPDATE' THEN
          INSERT INTO change_log (entity, entity_id, op)
          SELECT TG_ARGV[0], n.id, 'U' FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n IS DISTINCT FROM o;
        ELSE
          INSERT INTO change_log (entity, entity_id, op) SELECT TG_ARGV[0], o.id, 'D' FROM old_rows o;
        END IF;
        IF FOUND THEN
          INSERT INTO change_commit (xid) VALUES (pg_current_xact_id()::text::bigint) ON CONFLICT (xid) DO NOTHING;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION newsline_stamp_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        next bigint;
      BEGIN
        UPDATE change_counter SET last = last + 1 RETURNING last INTO next;
        UPDATE change_commit SET commit = next, at = clock_timestamp() WHERE xid = NEW.xid;
        PERFORM pg_notify('newsline_changes', next::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER "change_commit_stamp" AFTER INSERT ON "change_commit"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION newsline_stamp_commit()`);
    for (const [table, entity] of RECORDED) {
      await queryRunner.query(`
        CREATE TRIGGER "${table}_changes_insert" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION newsline_record_changes('${entity}')`);
      await queryRunner.query(`
        CREATE TRIGGER "${table}_changes_update" AFTER UPDATE ON "${table}" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION newsline_record_changes('${entity}')`);
      await queryRunner.query(`
        CREATE TRIGGER "${table}_changes_delete" AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION newsline_record_changes('${entity}')`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table] of RECORDED) {
      for (const op of ['insert', 'update', 'delete']) await queryRunner.query(`DROP TRIGGER "${table}_changes_${op}" ON "${table}"`);
    }
    await queryRunner.query(`DROP TABLE "change_commit"`);
    await queryRunner.query(`DROP FUNCTION newsline_stamp_commit()`);
    await queryRunner.query(`DROP FUNCTION newsline_record_changes()`);
    await queryRunner.query(`DROP TABLE "change_log_horizon"`);
    await queryRunner.query(`DROP TABLE "change_counter"`);
    await queryRunner.query(`DROP TABLE "change_log"`);
  }
}
