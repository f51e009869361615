import { RequestError } from 'mssql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DATABASE_IN_USE, dropDatabaseSql, dropSqlServerDatabase, killOwnSessionsSql } from './sql-server-drop';
import { tsqlSyntaxErrors } from './tsql-syntax';

const inUse = () =>
  new RequestError(
    Object.assign(new Error('Cannot drop database "test_abc" because it is currently in use.'), {
      info: { number: DATABASE_IN_USE, message: 'Cannot drop database "test_abc" because it is currently in use.' },
    }),
    'EREQUEST',
  );

describe('SQL Server test teardown (no server here: the statements and their order)', () => {
  test('the drop and the kill are T-SQL, and neither uses ALTER DATABASE (Azure SQL Database has no SINGLE_USER)', () => {
    for (const sql of [dropDatabaseSql('test_abc'), killOwnSessionsSql('test_abc')]) {
      expect(tsqlSyntaxErrors(sql)).toEqual([]);
      expect(sql).not.toMatch(/ALTER\s+DATABASE/i);
    }
    // the teardown the suite uses has no ALTER DATABASE left anywhere
    const support = ['test-databases.ts', 'sql-server-drop.ts'].map((file) => readFileSync(path.join(__dirname, file), 'utf8'));
    for (const source of support) expect(source).not.toMatch(/ALTER DATABASE \[/);
  });

  test('a database nobody uses is dropped with one statement', async () => {
    const sent: string[] = [];
    await dropSqlServerDatabase(async (sql) => sent.push(sql), 'test_abc');
    expect(sent).toEqual([dropDatabaseSql('test_abc')]);
  });

  test('a database still in use (3702): our own sessions in it are killed, then it is dropped', async () => {
    const sent: string[] = [];
    let busy = 2;
    await dropSqlServerDatabase(async (sql) => {
      sent.push(sql);
      if (sql.startsWith('IF DB_ID') && busy-- > 0) throw inUse();
    }, 'test_abc');
    const drop = dropDatabaseSql('test_abc');
    const kill = killOwnSessionsSql('test_abc');
    expect(sent).toEqual([drop, kill, drop, kill, drop]);
    expect(kill).toContain("database_id = DB_ID(N'test_abc') AND login_name = SUSER_SNAME() AND session_id <> @@SPID");
  });

  test('any other failure, or a database that stays in use, is reported, not retried forever', async () => {
    const denied = Object.assign(new Error('DROP DATABASE permission denied'), { number: 262 });
    await expect(dropSqlServerDatabase(() => Promise.reject(denied), 'test_abc')).rejects.toBe(denied);
    let drops = 0;
    const stuck = dropSqlServerDatabase(
      async (sql) => {
        if (sql.startsWith('IF DB_ID')) {
          drops++;
          throw inUse();
        }
      },
      'test_abc',
      3,
    );
    await expect(stuck).rejects.toThrow('currently in use');
    expect(drops).toBe(3);
  });
});
