import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { column } from '../../../src/database/portable-schema';

/** A column on products: a rebuild on SQLite of a table that both points at users and is pointed at by product_items. */
export class AddProductNote1796000000002 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'products',
      new TableColumn(column(queryRunner, { name: 'note', type: 'string', length: 100, nullable: true })),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('products', 'note');
  }
}
