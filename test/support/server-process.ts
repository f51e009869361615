import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { DatabaseConfig } from '../../src/config/app-config';
import { TEST_JWT_SECRET } from './test-app';

const ROOT = path.join(__dirname, '..', '..');

/** The settings a deployed server or a CLI command would read for this database. */
export function environmentFor(db: DatabaseConfig): Record<string, string> {
  if (db.type === 'sqlite') return { DB_TYPE: 'sqlite', SQLITE_PATH: db.path };
  const prefix = { mssql: 'MSSQL', postgres: 'POSTGRES', mariadb: 'MARIADB' }[db.type];
  return {
    DB_TYPE: db.type,
    [`${prefix}_HOST`]: db.host,
    [`${prefix}_PORT`]: String(db.port),
    [`${prefix}_USER`]: db.username,
    [`${prefix}_DB`]: db.database,
    ...(db.password ? { [`${prefix}_PASSWORD`]: db.password } : {}),
  };
}

export interface ServerProcess {
  port: number;
  child: ChildProcess;
  /** stdout and stderr so far (JSON log lines). */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/**
 * `src/server.ts` in a process of its own, configured as in production (JSON logs, rate limits out of the way),
 * listening on a free port; resolves once it logs that it listens.
 */
export function startServerProcess(db: DatabaseConfig, extra: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [require.resolve('ts-node/dist/bin'), '--swc', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      API_PORT: '0',
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      RATE_LIMIT_MAX: '1000000',
      RATE_LIMIT_AUTH_MAX: '1000000',
      ...environmentFor(db),
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const listening = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (listening) {
        child.stdout!.off('data', onData);
        child.stdout!.on('data', (more: Buffer) => (output += more));
        resolve({ port: Number(listening[1]), child, output: () => output, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    void exited.then((code) => reject(new Error(`the server exited (${code}) before listening:\n${output}`)));
  });
}
