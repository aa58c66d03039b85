import { MigrationInterface, QueryRunner } from 'typeorm';

/** The article columns that are large enough to be compressed: the body, its text and the search document. */
const COLUMNS = ['body', 'body_text', 'search_vector'];

/**
 * An article's body, body text and search document are compressed with LZ4 instead of PostgreSQL's own pglz,
 * where the server was built with LZ4 (PostgreSQL 14 and later as Debian and the official images build it; the
 * embedded database is not, and keeps pglz). Storing an article tries to compress all three (its row is larger
 * than the 2 kB at which PostgreSQL starts compressing), and pglz was about 6% of PostgreSQL's time in an ingest
 * commit, much of it spent on search documents that it then stores uncompressed: pglz gives up on a value only after
 * finding nothing to compress in its first kilobyte. With LZ4, PostgreSQL spent about 7% less CPU time on 6,000
 * full-content items (bench/README.md, ingestion benchmark), and reads decompress faster too.
 *
 * Only values written from now on are compressed so; older rows keep pglz until they are rewritten, and both read alike.
 */
export class ArticleTextLz41796002000000 implements MigrationInterface {
  name = 'ArticleTextLz41796002000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (!(await supportsLz4(queryRunner))) return;
    await queryRunner.query(`ALTER TABLE "article" ${COLUMNS.map((column) => `ALTER "${column}" SET COMPRESSION lz4`).join(', ')}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "article" ${COLUMNS.map((column) => `ALTER "${column}" SET COMPRESSION DEFAULT`).join(', ')}`);
  }
}

/** Whether the server was built with LZ4: the methods it knows are the values default_toast_compression accepts. */
async function supportsLz4(queryRunner: QueryRunner): Promise<boolean> {
  const rows: { lz4: boolean }[] = await queryRunner.query(
    `SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`,
  );
  return rows[0]?.lz4 === true;
}
