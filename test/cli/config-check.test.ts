import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONFIG_CHECK_HELP, configCheck, configCheckCli } from '../../src/cli/config-check';
import { DEVELOPMENT_JWT_SECRET } from '../../src/config/environment-variables';
import { migrate } from '../support/test-app';

/** Runs the check in an empty folder (no .env files) with exactly the given environment. */
async function check(env: Record<string, string>): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const cwd = mkdtempSync(path.join(tmpdir(), 'tsbp-config-'));
  try {
    const code = await configCheck({ NODE_ENV: 'test', ...env }, (line) => lines.push(line), cwd);
    return { code, output: lines.join('\n') };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

describe('npm run config:check', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tsbp-config-db-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes on a fresh SQLite file and says the pending migrations will be applied at start', async () => {
    const { code, output } = await check({ SQLITE_PATH: path.join(dir, 'fresh.sqlite') });
    expect(code).toBe(0);
    expect(output).toContain('✓ settings are valid');
    expect(output).toContain(`✓ connected to sqlite file ${path.join(dir, 'fresh.sqlite')}`);
    expect(output).toMatch(/\d+ pending migration\(s\), applied automatically when the service starts: InitialSchema\d+/);
  });

  it('reports an up-to-date schema', async () => {
    const file = path.join(dir, 'migrated.sqlite');
    await migrate({ type: 'sqlite', path: file, logQueries: false });
    const { code, output } = await check({ SQLITE_PATH: file });
    expect(code).toBe(0);
    expect(output).toContain('✓ schema is up to date');
  });

  it('shows the security settings, never the signing secret', async () => {
    const secret = 'k3J9vQ2mX8pL5nR7tY1wZ4cF6hB0dG3jS9uE2aV5xN8q';
    const { output } = await check({
      SQLITE_PATH: path.join(dir, 'security.sqlite'),
      AUTH_JWT_SECRET: secret,
      AUTH_REGISTRATION: 'admin',
      CORS_ORIGINS: 'https://app.example.com',
    });
    expect(output).toContain(
      '  auth:        registration admin, reads public, tokens 900 s (access) / 1209600 s (refresh), signing secret set (hidden)',
    );
    expect(output).toContain('  cors:        https://app.example.com');
    expect(output).toContain('  rate limit:  300 requests per 60 s per client IP, 10 on login, register and refresh');
    expect(output).toContain('  counted in:  this process (one instance; set REDIS_URL for several)');
    expect(output).not.toContain(secret);
  });

  it('says when the signing secret is the built-in development one (it used to say "set (hidden)" for it too)', async () => {
    const { output } = await check({ SQLITE_PATH: path.join(dir, 'default-secret.sqlite') });
    expect(output).toContain('signing secret: the built-in development one (anyone can mint tokens; set AUTH_JWT_SECRET)');
    expect(output).not.toContain('signing secret set (hidden)');
    expect(output).not.toContain(DEVELOPMENT_JWT_SECRET);
  });

  it('names the Redis that holds the counters with REDIS_URL, never its password', async () => {
    const { output } = await check({
      SQLITE_PATH: path.join(dir, 'redis.sqlite'),
      REDIS_URL: 'redis://:hunter2-redis@cache.internal:6380/1',
      RATE_LIMIT_REDIS_FAILURE: 'closed',
    });
    expect(output).toContain('  counted in:  Redis redis://cache.internal:6380/1 (keys ts-backend:*, fails closed while unreachable)');
    expect(output).not.toContain('hunter2');
  });

  it('names every bad variable and exits 1', async () => {
    const { code, output } = await check({ DB_TYPE: 'mssql', API_PORT: 'eighty' });
    expect(code).toBe(1);
    expect(output).toContain('API_PORT');
    expect(output).toContain('MSSQL_HOST is required when DB_TYPE=mssql');
    expect(output).toContain('MSSQL_DB is required when DB_TYPE=mssql');
  });

  it('names host, port, database and user of an unreachable server, with the fix, and never the password', async () => {
    const { code, output } = await check({
      DB_TYPE: 'postgres',
      POSTGRES_HOST: '127.0.0.1',
      POSTGRES_PORT: '1',
      POSTGRES_USER: 'app',
      POSTGRES_PASSWORD: 'hunter2-secret',
      POSTGRES_DB: 'appdb',
    });
    expect(code).toBe(1);
    expect(output).toContain('Cannot connect to postgres at 127.0.0.1:1, database appdb, user app');
    expect(output).toContain('Check POSTGRES_HOST and POSTGRES_PORT');
    expect(output).toContain('password:    set (hidden)');
    expect(output).not.toContain('hunter2-secret');
  });

  it('says an unreachable SQL Server is unreachable (tedious words it "Could not connect")', async () => {
    const { code, output } = await check({
      DB_TYPE: 'mssql',
      MSSQL_HOST: '127.0.0.1',
      MSSQL_PORT: '1',
      MSSQL_DB: 'appdb',
      MSSQL_USER: 'sa',
      MSSQL_PASSWORD: 'x',
    });
    expect(code).toBe(1);
    expect(output).toContain('Check MSSQL_HOST and MSSQL_PORT');
  });

  it('says how PostgreSQL statements are sent (named unless POSTGRES_PREPARED_STATEMENTS=false)', async () => {
    const postgres = { DB_TYPE: 'postgres', POSTGRES_HOST: '127.0.0.1', POSTGRES_PORT: '1', POSTGRES_USER: 'app', POSTGRES_DB: 'shop' };
    expect((await check(postgres)).output).toContain('  statements:  named, planned once per connection');
    const unnamed = await check({ ...postgres, POSTGRES_PREPARED_STATEMENTS: 'false' });
    expect(unnamed.output).toContain('  statements:  unnamed (POSTGRES_PREPARED_STATEMENTS=false)');
    expect(unnamed.code).toBe(1); // nothing listens on port 1
  });

  it('--help prints the usage and exits 0; an unknown argument is named, with the usage, and exits 2', async () => {
    const lines: string[] = [];
    expect(await configCheckCli(['--help'], {}, (line) => lines.push(line))).toBe(0);
    expect(lines).toEqual([CONFIG_CHECK_HELP]);
    lines.length = 0;
    expect(await configCheckCli(['--verbose'], {}, (line) => lines.push(line))).toBe(2);
    expect(lines).toEqual([`unknown option --verbose\n\n${CONFIG_CHECK_HELP}`]);
  });
});
