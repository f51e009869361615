import type { DataSource } from 'typeorm';
import { assertTsql, renameColumnSql, renameTableSql, tsqlChecked } from './tsql-checked';
import { tsqlSyntaxErrors } from './tsql-syntax';

describe('raw statements tests send to SQL Server go through the T-SQL grammar', () => {
  test('a column is renamed with sp_rename on SQL Server, ALTER TABLE ... RENAME COLUMN elsewhere', () => {
    expect(renameColumnSql('mssql', 'items', 'name', 'title')).toBe("EXEC sp_rename N'items.name', N'title', N'COLUMN'");
    expect(tsqlSyntaxErrors(renameColumnSql('mssql', 'items', 'name', 'title'))).toEqual([]);
    expect(renameColumnSql('postgres', 'items', 'name', 'title')).toBe('ALTER TABLE items RENAME COLUMN name TO title');
    expect(() => assertTsql('ALTER TABLE items RENAME COLUMN name TO title')).toThrow(
      /not T-SQL, SQL Server would refuse this statement a test wrote:\nALTER TABLE items RENAME COLUMN name TO title\n {2}line 1:\d+ near "RENAME COLUMN name TO title"/,
    );
  });

  test('a table is renamed with sp_rename on SQL Server, ALTER TABLE ... RENAME TO elsewhere', () => {
    expect(renameTableSql('mssql', 'items', 'legacy_items')).toBe("EXEC sp_rename N'items', N'legacy_items', N'OBJECT'");
    expect(tsqlSyntaxErrors(renameTableSql('mssql', 'items', 'legacy_items'))).toEqual([]);
    expect(renameTableSql('mariadb', 'items', 'legacy_items')).toBe('ALTER TABLE items RENAME TO legacy_items');
    expect(tsqlSyntaxErrors('ALTER TABLE items RENAME TO legacy_items')).not.toEqual([]);
  });

  test('on a SQL Server DataSource a statement that is not T-SQL is refused before it is sent', async () => {
    const query = jest.fn(async () => []);
    const createQueryRunner = jest.fn();
    const dataSource = { options: { type: 'mssql' }, query, createQueryRunner } as unknown as DataSource;
    const checked = tsqlChecked(dataSource);
    await expect(async () => checked.query('ALTER TABLE items RENAME COLUMN name TO title')).rejects.toThrow('not T-SQL');
    expect(query).not.toHaveBeenCalled();
    await checked.query("EXEC sp_rename N'items.name', N'title', N'COLUMN'");
    expect(query).toHaveBeenCalledWith("EXEC sp_rename N'items.name', N'title', N'COLUMN'");
    // everything else is the DataSource's own, unchecked
    checked.createQueryRunner();
    expect(createQueryRunner).toHaveBeenCalledTimes(1);
  });

  test('other engines get their DataSource back untouched', () => {
    const dataSource = { options: { type: 'postgres' }, query: jest.fn() } as unknown as DataSource;
    expect(tsqlChecked(dataSource)).toBe(dataSource);
  });
});
