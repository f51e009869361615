import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { explainListenError } from '../../src/http/listen-error';

const ROOT = path.join(__dirname, '..', '..');

/** `src/server.ts` as `npm run dev` starts it, with its output and exit code. */
function startServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [require.resolve('ts-node/dist/bin'), '--swc', 'src/server.ts'], {
      cwd: ROOT,
      // error level: a fresh database file's warn line ("created a new, empty one") is not what these tests read
      env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the server cannot listen', () => {
  let holder: Server;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tsbp-listen-'));
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => holder.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  test('a busy port: one line naming the port and API_PORT, exit 1 (it was Node\'s "listen EADDRINUSE ...")', async () => {
    const { port } = holder.address() as { port: number };
    const { code, output } = await startServer({
      API_HOST: '127.0.0.1',
      API_PORT: String(port),
      SQLITE_PATH: path.join(dir, 'app.sqlite'),
    });
    expect(output.trim()).toBe(`port ${port} is in use on 127.0.0.1 (EADDRINUSE): stop what holds it, or set API_PORT to a free port`);
    expect(code).toBe(1);
  }, 60_000);

  const failure = (code: string) => Object.assign(new Error(`listen ${code}: something`), { code });
  test.each([
    ['EACCES', 'port 80 needs privileges this process lacks (EACCES): set API_PORT to 1024 or above'],
    ['EADDRNOTAVAIL', 'API_HOST 10.9.9.9 is not an address of this machine (EADDRNOTAVAIL): set API_HOST (0.0.0.0 listens on all)'],
    ['ENOTFOUND', 'API_HOST 10.9.9.9 does not resolve (ENOTFOUND): set API_HOST to an address or a known name'],
  ])('%s is explained', (code, message) => {
    expect(explainListenError(failure(code), { host: '10.9.9.9', port: 80 }).message).toBe(message);
  });

  test('any other error is passed on untouched', () => {
    const other = failure('EMFILE');
    expect(explainListenError(other, { host: '127.0.0.1', port: 3100 })).toBe(other);
  });
});
