import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { column } from '../../../src/database/portable-schema';

/** `locale: string` with a default on users: a table rebuild on SQLite, under refresh_tokens (CASCADE) and products (NO ACTION). */
export class AddUserLocale1796000000003 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'users',
      new TableColumn(column(queryRunner, { name: 'locale', type: 'string', length: 10, default: 'en' })),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('users', 'locale');
  }
}
