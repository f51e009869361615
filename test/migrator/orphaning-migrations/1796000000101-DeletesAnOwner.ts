import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deletes the user who owns products and refresh tokens. With foreign keys enforced (PostgreSQL, MariaDB) the
 * products' NO ACTION key refuses it; on SQLite, where the runner turns them off for table rebuilds, it would
 * leave orphans, which the runner's foreign-key check must refuse to commit.
 */
export class DeletesAnOwner1796000000101 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM users WHERE id = 1');
  }

  async down(): Promise<void> {}
}
