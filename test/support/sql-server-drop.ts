/**
 * Dropping a SQL Server test database without ALTER DATABASE ... SET SINGLE_USER, which Azure SQL Database does
 * not support (https://learn.microsoft.com/sql/t-sql/statements/alter-database-transact-sql-set-options: "SINGLE_USER
 * ... not available in Azure SQL Database"). The suite closes its pools before dropping, so a plain DROP normally
 * works; when a session is still in the database (error 3702, "currently in use"), the sessions of our own login
 * in that database are killed and the DROP is tried again.
 */

/** "Cannot drop database ... because it is currently in use." */
export const DATABASE_IN_USE = 3702;

export const dropDatabaseSql = (name: string) => `IF DB_ID(N'${name}') IS NOT NULL DROP DATABASE [${name}]`;

/**
 * KILL takes no variable, so the statements are built and run as one dynamic batch. Without VIEW SERVER STATE
 * sys.dm_exec_sessions shows only the caller's own sessions, which are the only ones a test may kill anyway.
 */
export const killOwnSessionsSql = (name: string) =>
  [
    "DECLARE @kill nvarchar(max) = N'';",
    "SELECT @kill = @kill + N'KILL ' + CAST(session_id AS nvarchar(10)) + N'; ' FROM sys.dm_exec_sessions",
    ` WHERE database_id = DB_ID(N'${name}') AND login_name = SUSER_SNAME() AND session_id <> @@SPID;`,
    'EXEC sys.sp_executesql @kill;',
  ].join('\n');

const errorNumber = (error: unknown) => {
  const e = error as { number?: number; originalError?: { info?: { number?: number } } };
  return e?.number ?? e?.originalError?.info?.number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Drops `name` through `batch` (one statement on the admin database), killing our leftover sessions if need be. */
export async function dropSqlServerDatabase(batch: (sql: string) => Promise<unknown>, name: string, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await batch(dropDatabaseSql(name));
      return;
    } catch (error) {
      if (errorNumber(error) !== DATABASE_IN_USE || attempt >= attempts) throw error;
      await batch(killOwnSessionsSql(name));
      // KILL returns before the session is gone when it has work to roll back
      await sleep(100 * attempt);
    }
  }
}
