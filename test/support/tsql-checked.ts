import type { DataSource, QueryRunner } from 'typeorm';
import { tsqlSyntaxErrors } from './tsql-syntax';

/**
 * There is no SQL Server on the machines most of this suite runs on, so a statement a test writes by hand for it
 * (not one TypeORM or the project generates) would only fail in the SQL Server workflow. Every such statement
 * goes through the T-SQL grammar first, so `ALTER TABLE ... RENAME COLUMN` fails everywhere, at once.
 */
export function assertTsql(sql: string): void {
  const errors = tsqlSyntaxErrors(sql);
  if (errors.length) {
    const where = errors.map((e) => `  line ${e.line}:${e.column} near "${e.near}": ${e.message}`).join('\n');
    throw new Error(`not T-SQL, SQL Server would refuse this statement a test wrote:\n${sql}\n${where}`);
  }
}

/** SQL Server renames with sp_rename; the other engines with ALTER TABLE ... RENAME COLUMN. */
export function renameColumnSql(type: string, table: string, from: string, to: string): string {
  return type === 'mssql'
    ? `EXEC sp_rename N'${table}.${from}', N'${to}', N'COLUMN'`
    : `ALTER TABLE ${table} RENAME COLUMN ${from} TO ${to}`;
}

/** SQL Server renames a table with sp_rename (OBJECT: anything in sys.objects); the others with ALTER TABLE ... RENAME TO. */
export function renameTableSql(type: string, from: string, to: string): string {
  return type === 'mssql' ? `EXEC sp_rename N'${from}', N'${to}', N'OBJECT'` : `ALTER TABLE ${from} RENAME TO ${to}`;
}

type Queryable = DataSource | QueryRunner;
const typeOf = (target: Queryable) => ('connection' in target ? target.connection : target).options.type;

/**
 * `target` itself, except that on SQL Server its `query()` checks each statement against the T-SQL grammar before
 * sending it. For the statements a test writes by hand; TypeORM's own go through the DataSource unchecked.
 */
export function tsqlChecked<T extends Queryable>(target: T): T {
  if (typeOf(target) !== 'mssql') return target;
  return new Proxy(target, {
    get(object, property) {
      const value = Reflect.get(object, property) as unknown;
      if (typeof value !== 'function') return value;
      // every other method runs on the object itself, so TypeORM's own statements (createTable, ...) stay unchecked
      if (property !== 'query') return (value as (...args: unknown[]) => unknown).bind(object);
      return (sql: string, ...rest: unknown[]) => {
        assertTsql(sql);
        return (value as (...args: unknown[]) => unknown).call(object, sql, ...rest);
      };
    },
  });
}
