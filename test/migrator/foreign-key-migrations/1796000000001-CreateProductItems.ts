import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';
import { column, dropTable } from '../../../src/database/portable-schema';

/** A join table under products and items, both keys ON DELETE CASCADE: what a rebuild of either would empty. */
export class CreateProductItems1796000000001 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'product_items',
        columns: [
          { ...column(queryRunner, { name: 'product_id', type: 'int' }), isPrimary: true },
          { ...column(queryRunner, { name: 'item_id', type: 'int' }), isPrimary: true },
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['product_id'],
            referencedTableName: 'products',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            columnNames: ['item_id'],
            referencedTableName: 'items',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropTable(queryRunner, 'product_items');
  }
}
