import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { freePort } from './free-port';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ServerDatabaseConfig } from '../../src/config/app-config';

/**
 * A PostgreSQL cluster of a test's own (initdb in a temp folder, a free port), which the test may stop
 * (`pg_ctl -m immediate stop`, as a crash or a failover would) and start again without touching the shared server.
 */
export interface ThrowawayPostgres {
  config: ServerDatabaseConfig;
  stop(): void;
  start(): void;
  remove(): void;
}

function binaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((version) => path.join(root, version, 'bin')).find((bin) => existsSync(path.join(bin, 'pg_ctl')));
}

/** The PostgreSQL server refuses to run as root: as root, run its tools as the `postgres` user. */
function runner(): (command: string, args: string[]) => void {
  const asRoot = process.getuid?.() === 0;
  return (command, args) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    execFileSync(file, argv, { stdio: 'pipe' });
  };
}

/** The cluster, or why there can be none here (the test then skips, saying so). */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres | string> {
  const bin = binaries();
  if (!bin) return 'no PostgreSQL binaries under /usr/lib/postgresql/*/bin';
  const run = runner();
  const dir = mkdtempSync(path.join(tmpdir(), 'tsbp-pg-'));
  const data = path.join(dir, 'data');
  const port = await freePort();
  try {
    if (process.getuid?.() === 0) {
      const owner = execFileSync('id', ['-u', 'postgres']).toString().trim();
      const group = execFileSync('id', ['-g', 'postgres']).toString().trim();
      chownSync(dir, Number(owner), Number(group));
    }
    run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return `initdb failed: ${(error as Error).message}`;
  }
  const pgCtl = path.join(bin, 'pg_ctl');
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => run(pgCtl, ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']);
  const stop = (mode: 'immediate' | 'fast') => run(pgCtl, ['-D', data, '-m', mode, '-w', 'stop']);
  start();
  return {
    config: {
      type: 'postgres',
      host: '127.0.0.1',
      port,
      username: 'postgres',
      database: 'postgres',
      poolSize: 4,
      ssl: false,
      trustServerCertificate: false,
      logQueries: false,
    },
    stop: () => stop('immediate'),
    start,
    remove: () => {
      try {
        stop('fast');
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
