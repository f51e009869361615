import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Creates a table, changes existing rows, then fails: none of it may survive. */
export class BreaksHalfway1700000000102 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({ name: 'half_done', columns: [{ name: 'id', type: 'integer', isPrimary: true }] }));
    await queryRunner.manager.createQueryBuilder().update('gizmos').set({ name: 'changed' }).execute();
    await queryRunner.query('SELECT * FROM table_that_does_not_exist');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('half_done');
  }
}
