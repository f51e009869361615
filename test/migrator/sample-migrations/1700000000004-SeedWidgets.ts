import { MigrationInterface, QueryRunner } from 'typeorm';

/** A data migration; on PostgreSQL it also pauses, so that concurrent runs really overlap in the race test. */
export class SeedWidgets1700000000004 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') await queryRunner.query('SELECT pg_sleep(0.5)');
    await queryRunner.manager
      .createQueryBuilder()
      .insert()
      .into('widgets', ['name', 'color'])
      .values([
        { name: 'sprocket', color: 'red' },
        { name: 'gear', color: null },
      ])
      .execute();
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.manager
      .createQueryBuilder()
      .delete()
      .from('widgets')
      .where('name IN (:...names)', { names: ['sprocket', 'gear'] })
      .execute();
  }
}
