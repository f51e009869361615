import { RequestError } from 'mssql';
import type { DataSource } from 'typeorm';
import { acquireMigrationLock, LockTimeoutError } from '../../src/migrator/migration-lock';
import { tsqlSyntaxErrors } from '../support/tsql-syntax';

/** A server error as the mssql package builds it (see test/database/constraint-violation.test.ts). */
function serverError(number: number, message: string): RequestError {
  return new RequestError(Object.assign(new Error(message), { info: { number, message, class: 14, state: 1 } }), 'EREQUEST');
}

const DENIED = serverError(
  300,
  "VIEW SERVER STATE permission was denied on object 'server', database 'master'.\nThe user does not have permission to perform this action.",
);

/**
 * No SQL Server here: the lock's one-connection pool is replaced by one whose applock is always taken by someone
 * else, and whose sys.dm_tran_locks query fails the way it does for a login without VIEW SERVER STATE. Every
 * statement the lock sends is kept, so its T-SQL can be checked too.
 */
function busyServer(holderQuery: () => Promise<{ recordset: Record<string, unknown>[] }>) {
  const sent: string[] = [];
  const pool = {
    request: () => {
      const request = {
        input: () => request,
        query: async (sql: string) => {
          sent.push(sql);
          if (sql.includes('sp_getapplock')) return { recordset: [{ result: -1 }] }; // -1: timed out, someone holds it
          if (sql.includes('sys.dm_tran_locks')) return holderQuery();
          return { recordset: [] };
        },
      };
      return request;
    },
    close: async () => undefined,
  };
  const dataSource = { options: { type: 'mssql' }, driver: { createPool: async () => pool } } as unknown as DataSource;
  return { dataSource, sent };
}

async function waitForLock(dataSource: DataSource) {
  const waits: (string | undefined)[] = [];
  const failure = await acquireMigrationLock(dataSource, undefined as never, {
    timeoutMs: 300,
    onWait: (holder) => waits.push(holder),
  }).then(
    () => undefined,
    (error: unknown) => error,
  );
  return { waits, failure };
}

describe('SQL Server migration lock, holder query refused', () => {
  test('without VIEW SERVER STATE the wait and the timeout say the holder cannot be named, and why', async () => {
    const { dataSource, sent } = busyServer(() => Promise.reject(DENIED));
    const { waits, failure } = await waitForLock(dataSource);
    const reason = 'another session (its name needs VIEW SERVER STATE; on Azure SQL Database, VIEW DATABASE STATE)';
    expect(waits).toEqual([reason]);
    expect(failure).toBeInstanceOf(LockTimeoutError);
    expect((failure as Error).message).toBe(
      `Another migration run holds the migration lock: ${reason}; gave up after 0.3 s. Wait for it to finish, or raise --lock-timeout.`,
    );
    // what the lock sent is T-SQL (a server would refuse anything else before the permission check)
    for (const sql of new Set(sent)) expect(tsqlSyntaxErrors(sql)).toEqual([]);
  });

  test('any other failure of the holder query is named with its message', async () => {
    const { dataSource } = busyServer(() => Promise.reject(serverError(208, "Invalid object name 'sys.dm_tran_locks'.")));
    const { waits } = await waitForLock(dataSource);
    expect(waits).toEqual(["another session (it could not be named: Invalid object name 'sys.dm_tran_locks'.)"]);
  });

  test('with the permission, the holder is named', async () => {
    const row = { session_id: 57, host_name: 'deploy-1', program_name: 'node', login_time: '2026-01-02T03:04:05.000Z' };
    const { dataSource } = busyServer(async () => ({ recordset: [row] }));
    const { waits } = await waitForLock(dataSource);
    expect(waits).toEqual(['session 57 from deploy-1 (node), logged in at 2026-01-02T03:04:05.000Z']);
  });
});
