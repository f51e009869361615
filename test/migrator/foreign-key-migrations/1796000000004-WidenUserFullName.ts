import type { MigrationInterface, QueryRunner } from 'typeorm';
import { reversibleAlterColumn } from '../../../src/database/alter-column';

const widen = reversibleAlterColumn('users', 'full_name', { from: { type: 'string', length: 255 }, to: { type: 'string', length: 300 } });

/** alterColumn on users, the table refresh_tokens and products point at. */
export class WidenUserFullName1796000000004 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await widen.up(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await widen.down(queryRunner);
  }
}
