import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Category slugs fold ß to ss, as `slugify` now does ("Straße" and "STRASSE" are one category). Stored slugs
 * with ß are brought in line, so that a refresh files new articles under the category their old ones are in:
 * where the folded slug exists already, the ß category's articles move to it and the ß category goes;
 * otherwise the ß category is renamed.
 */
export class CategorySlugSharpS1796001450000 implements MigrationInterface {
  name = 'CategorySlugSharpS1796001450000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE "article" a SET "category_id" = folded."id"
      FROM "category" old JOIN "category" folded ON folded."slug" = replace(old."slug", 'ß', 'ss')
      WHERE old."slug" LIKE '%ß%' AND a."category_id" = old."id"`);
    await queryRunner.query(`
      DELETE FROM "category" old
      WHERE old."slug" LIKE '%ß%' AND EXISTS (SELECT 1 FROM "category" folded WHERE folded."slug" = replace(old."slug", 'ß', 'ss'))`);
    await queryRunner.query(`UPDATE "category" SET "slug" = replace("slug", 'ß', 'ss') WHERE "slug" LIKE '%ß%'`);
  }

  async down(): Promise<void> {
    // Folding cannot be undone: which "ss" was an "ß" is not known. Slugs with ss work under either rule.
  }
}
