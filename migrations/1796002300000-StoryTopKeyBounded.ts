import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A story's TOP key (`top_at`: its last publication moved later for each doubling of its sources) stops at the last
 * instant a cursor may name, 9999-12-31T23:59:59.999Z. A story last published near the end of year 9999 had a key
 * past it, so the cursor the list handed out for it was refused when given back, and paging stopped there. The
 * code now bounds the key where it is computed; this bounds the keys stored before.
 */
export class StoryTopKeyBounded1796002300000 implements MigrationInterface {
  name = 'StoryTopKeyBounded1796002300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE story SET top_at = '9999-12-31T23:59:59.999Z' WHERE top_at > '9999-12-31T23:59:59.999Z'`);
  }

  async down(): Promise<void> {
    // The keys past the bound are not kept; the bounded ones order the same stories in the same order but for ties.
  }
}
