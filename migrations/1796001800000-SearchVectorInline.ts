import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An article's search document is kept in its row (storage MAIN: compressed in place, moved to the TOAST table
 * only when the row would not fit in a page) rather than out of line. With the default (EXTENDED), PostgreSQL
 * moved the document of a typical article (about 1.3 kB beside a body that pushes the row past 2 kB) to the TOAST
 * table, so testing or ranking an article read it back through the TOAST index: about four buffers and 13 µs
 * per article, most of the cost of a RELEVANCE page, which tests and ranks hundreds. In the row it costs a
 * decompression. The rows grow by the document's compressed size.
 *
 * Only rows written from now on are stored so; a database with many articles moves the older ones by rewriting
 * the table (`VACUUM FULL article`, which locks it while it runs), or keeps them where they are: search reads
 * both alike, the older ones more slowly.
 */
export class SearchVectorInline1796001800000 implements MigrationInterface {
  name = 'SearchVectorInline1796001800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "article" ALTER "search_vector" SET STORAGE MAIN`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "article" ALTER "search_vector" SET STORAGE EXTENDED`);
  }
}
