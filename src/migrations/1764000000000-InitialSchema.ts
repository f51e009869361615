import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex, TableUnique } from 'typeorm';
import { column, dropTable, idColumn, timestampColumns } from '../database/portable-schema';

/** Creates users, products and items. Written with the QueryRunner API so one file runs on every engine. */
export class InitialSchema1764000000000 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          idColumn(queryRunner),
          ...timestampColumns(queryRunner),
          column(queryRunner, { name: 'email', type: 'string', length: 255 }),
          column(queryRunner, { name: 'full_name', type: 'string', length: 255 }),
          column(queryRunner, { name: 'password_hash', type: 'string', length: 255 }),
          column(queryRunner, { name: 'is_active', type: 'boolean', default: true }),
        ],
        uniques: [new TableUnique({ name: 'UQ_users_email', columnNames: ['email'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'products',
        columns: [
          idColumn(queryRunner),
          ...timestampColumns(queryRunner),
          column(queryRunner, { name: 'name', type: 'string', length: 255 }),
          column(queryRunner, { name: 'description', type: 'string', length: 1000, nullable: true }),
          column(queryRunner, { name: 'sku', type: 'string', length: 64 }),
          column(queryRunner, { name: 'price', type: 'decimal', precision: 10, scale: 2 }),
          column(queryRunner, { name: 'quantity', type: 'int', default: 0 }),
          column(queryRunner, { name: 'is_active', type: 'boolean', default: true }),
          column(queryRunner, { name: 'status', type: 'enum', enum: ['active', 'inactive'], default: 'active' }),
          column(queryRunner, { name: 'category', type: 'string', length: 100, nullable: true }),
          column(queryRunner, { name: 'user_id', type: 'int' }),
        ],
        uniques: [new TableUnique({ name: 'UQ_products_sku', columnNames: ['sku'] })],
        indices: [new TableIndex({ name: 'IX_products_user_id', columnNames: ['user_id'] })],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_products_user_id',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'NO ACTION',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'items',
        columns: [
          idColumn(queryRunner),
          ...timestampColumns(queryRunner),
          column(queryRunner, { name: 'name', type: 'string', length: 255 }),
          column(queryRunner, { name: 'description', type: 'string', length: 1000, nullable: true }),
          column(queryRunner, { name: 'is_active', type: 'boolean', default: true }),
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await dropTable(queryRunner, 'items');
    await dropTable(queryRunner, 'products');
    await dropTable(queryRunner, 'users');
  }
}
