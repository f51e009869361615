import type { SqlServerDriver } from 'typeorm/driver/sqlserver/SqlServerDriver';
import { Product } from '../../src/entities/product.entity';
import { createDataSource } from '../../src/database/data-source';
import { operationOf } from '../../src/database/query-observer';
import { OFFLINE_CONFIGS } from '../../src/migrator/offline-configs';

describe('operationOf', () => {
  test.each([
    ['SELECT "id" FROM "products"', 'select'],
    ['  insert INTO "items"("name") VALUES ($1)', 'insert'],
    ['WITH "c" AS (SELECT 1) SELECT * FROM "c"', 'with'],
    ['START TRANSACTION', 'start'],
    ["EXEC sp_rename N'items', N'legacy_items'", 'other'],
  ])('%s is %s', (query, operation) => {
    expect(operationOf(query)).toBe(operation);
  });

  test("SQL Server's insert, which declares its OUTPUT table first, is an insert", async () => {
    const dataSource = createDataSource(OFFLINE_CONFIGS.mssql);
    // buildMetadatas() is initialize() without connecting (protected in the typings, public at runtime)
    await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
    const metadata = dataSource.getMetadata(Product);
    // the statement TypeORM's InsertQueryBuilder sends to SQL Server for a save(): declaration; insert; select
    const declaration = (dataSource.driver as SqlServerDriver).buildTableVariableDeclaration(
      '@OutputTable',
      metadata.getInsertionReturningColumns(),
    );
    expect(declaration).toMatch(/^DECLARE @OutputTable TABLE \(.*\(/); // a column type with parentheses inside
    const insert = dataSource.createQueryBuilder().insert().into(Product).values({ name: 'n', sku: 's', price: 1 }).getQuery();
    const statement = [declaration, insert, 'SELECT * FROM @OutputTable'].join(';\n\n');
    expect(operationOf(statement)).toBe('insert');
  });
});
