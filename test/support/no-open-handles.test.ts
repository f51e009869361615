import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the project's own jest config, as jest reads it
const config = require(path.join(ROOT, 'jest.config.js')) as Record<string, unknown>;

/** Runs jest, with the project's config, on one file of open-handle-fixtures/. */
function jestOn(fixture: string) {
  const only = { ...config, rootDir: ROOT, roots: ['<rootDir>/test/support/open-handle-fixtures'], testMatch: [`**/${fixture}`] };
  const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--config', JSON.stringify(only), '--ci'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the open-handle check every test file runs after its last hook (no-open-handles.environment.ts)', () => {
  test('fails a file that leaves a listening server, naming what it left', () => {
    const result = jestOn('leaves-a-server.fixture.ts');
    expect(result.code).toBe(1);
    expect(result.output).toContain('this test file left open TCPServerWrap×1 after its last hook');
  });

  test('passes a file that closes what it opened', () => {
    const result = jestOn('closes-its-server.fixture.ts');
    expect(result.output).toContain('1 passed');
    expect(result.code).toBe(0);
  });
});
