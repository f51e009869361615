import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A change that succeeds: kept on engines that commit each migration, undone on SQLite with the whole run. */
export class RenamesAda1796000000201 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("UPDATE users SET full_name = 'Ada L.' WHERE id = 1");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("UPDATE users SET full_name = 'Ada' WHERE id = 1");
  }
}
