import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app';
import { configCheck } from '../../src/cli/config-check';
import { parseConfig } from '../../src/config/load-config';
import { editDistance, knownVariables, unknownVariables } from '../../src/config/unknown-variables';

/** config:check in a folder of its own, with exactly `env` and, when given, a .env file. */
async function check(env: Record<string, string>, dotEnv?: string): Promise<{ code: number; output: string; cwd: string }> {
  const lines: string[] = [];
  const cwd = mkdtempSync(path.join(tmpdir(), 'tsbp-unknown-'));
  try {
    if (dotEnv !== undefined) writeFileSync(path.join(cwd, '.env'), dotEnv);
    const sqlite = { SQLITE_PATH: path.join(cwd, 'check.sqlite') };
    const code = await configCheck({ NODE_ENV: 'test', ...sqlite, ...env }, (line) => lines.push(line), cwd);
    return { code, output: lines.join('\n'), cwd };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

describe('variables that look like settings but are not', () => {
  test('the known names are exactly the validated properties of EnvironmentVariables, each documented in .env.example', () => {
    const known = knownVariables();
    expect(known).toEqual(expect.arrayContaining(['DB_TYPE', 'MSSQL_TRUST_SERVER_CERTIFICATE', 'RATE_LIMIT_WINDOW_SECONDS', 'NODE_ENV']));
    // a setting added without its line in .env.example (or a line for one that went) fails here
    const documented = readFileSync(path.join(__dirname, '..', '..', '.env.example'), 'utf8')
      .split('\n')
      .map((line) => /^#? ?([A-Z][A-Z0-9_]+)=/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined);
    expect([...known].sort()).toEqual([...new Set(documented)].sort());
  });

  test('a swap of two letters is one edit', () => {
    expect(editDistance('DB_TPYE', 'DB_TYPE')).toBe(1);
    expect(editDistance('POSTGRE_HOST', 'POSTGRES_HOST')).toBe(1);
    expect(editDistance('', 'ABC')).toBe(3);
  });

  test.each([
    ['DB_TPYE', 'DB_TYPE'],
    ['MSSQL_HOTS', 'MSSQL_HOST'],
    ['MSSQL_ENCRYPTION', 'MSSQL_ENCRYPT'],
    ['RATE_LIMIT_WINDOW', 'RATE_LIMIT_WINDOW_SECONDS'],
    ['CORS_ORIGIN', 'CORS_ORIGINS'],
    ['POSTGRE_HOST', 'POSTGRES_HOST'], // prefix misspelled too: caught as a near miss
    ['LOG_LVL', 'LOG_LEVEL'],
    ['DOCS_ENABLE', 'DOCS_ENABLED'],
  ])('%s is reported, with %s as the nearest setting', (name, nearest) => {
    expect(unknownVariables([name, 'DB_TYPE'])).toEqual([{ name, nearest }]);
  });

  test("other programs' variables are left alone (Node's, the database images', the shell's, the tests')", () => {
    const foreign = [
      'NODE_OPTIONS',
      'NODE_EXTRA_CA_CERTS',
      'MSSQL_SA_PASSWORD',
      'MSSQL_PID',
      'POSTGRES_INITDB_ARGS',
      'MARIADB_ROOT_PASSWORD',
    ];
    const everyday = ['PATH', 'HOME', 'TEST_POSTGRES_URL', 'npm_config_cache', 'ACCEPT_EULA', 'HOSTNAME'];
    expect(unknownVariables([...foreign, ...everyday, ...knownVariables()])).toEqual([]);
  });

  test('config:check fails on DB_TPYE=mssql in the environment, naming DB_TYPE (it used to report valid settings and SQLite)', async () => {
    const { code, output } = await check({ DB_TPYE: 'mssql' });
    expect(output).toContain('✓ settings are valid, but:');
    expect(output).toContain('✗ DB_TPYE is not a setting this service reads; did you mean DB_TYPE? It is ignored.');
    expect(code).toBe(1);
  });

  test('config:check names the .env file a misspelled setting is in', async () => {
    const lines: string[] = [];
    const cwd = mkdtempSync(path.join(tmpdir(), 'tsbp-unknown-'));
    try {
      writeFileSync(path.join(cwd, '.env'), 'DB_TPYE=mssql\nAPI_PROT=8080\n');
      const env = { NODE_ENV: 'test', SQLITE_PATH: path.join(cwd, 'check.sqlite') };
      expect(await configCheck(env, (line) => lines.push(line), cwd)).toBe(1);
      const file = path.join(cwd, '.env');
      expect(lines).toContain(`✗ API_PROT (in ${file}) is not a setting this service reads; did you mean API_PORT? It is ignored.`);
      expect(lines).toContain(`✗ DB_TPYE (in ${file}) is not a setting this service reads; did you mean DB_TYPE? It is ignored.`);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  test('config:check still passes with only known settings and foreign variables', async () => {
    const { code, output } = await check({ NODE_OPTIONS: '--max-old-space-size=512', DB_TYPE: 'sqlite' }, 'LOG_LEVEL=warn\n');
    expect(output).toContain('✓ settings are valid\n');
    expect(code).toBe(0);
  });

  test('the service logs each one as a warning when it starts', async () => {
    const config = parseConfig({ NODE_ENV: 'test', SQLITE_PATH: ':memory:', DB_TPYE: 'mssql' });
    expect(config.warnings).toEqual(['DB_TPYE is not a setting this service reads; did you mean DB_TYPE? It is ignored.']);
    const lines: string[] = [];
    const app = await buildApp(config, { logStream: { write: (line) => lines.push(line) } });
    await app.close();
    const warnings = lines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((entry) => entry.level === 40);
    expect(warnings.map((entry) => entry.msg)).toEqual([config.warnings![0]]);
  });
});
