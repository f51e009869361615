import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Changes products, then writes items, whose trigger (test/support/transaction-ending-trigger.ts) ends the transaction. */
export class EndedByTheDatabase1796000000202 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("UPDATE products SET name = 'changed'");
    await queryRunner.query("UPDATE items SET name = 'changed'");
  }

  async down(): Promise<void> {}
}
