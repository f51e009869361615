import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyProject, ProjectCopy } from '../support/project-copy';
import { freePort } from '../support/free-port';

/** Polls until `url` answers 200 with a body that satisfies `wanted`, or the deadline passes. */
async function waitFor(url: string, wanted: (body: string) => boolean, ms: number, output: () => string): Promise<string> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      const body = await response.text();
      if (response.ok && wanted(body)) return body;
    } catch {
      // not listening yet, or restarting
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer as expected within ${ms} ms; npm run dev printed:\n${output()}`);
}

/** `npm run dev` in a copy of the project: it serves, and an edit to a source file restarts it with the edit. */
describe('npm run dev', () => {
  let copy: ProjectCopy;
  let dev: ChildProcess | undefined;
  let output = '';
  beforeAll(() => {
    copy = copyProject();
  });
  afterAll(async () => {
    if (dev?.pid && dev.exitCode === null) {
      const exited = new Promise((resolve) => dev!.once('exit', resolve));
      process.kill(-dev.pid, 'SIGTERM');
      await exited;
    }
    copy?.remove();
  });

  it('restarts on a change under src/ and serves the changed code, keeping decorator metadata', async () => {
    const port = await freePort();
    dev = spawn('npm', ['run', 'dev'], {
      cwd: copy.dir,
      detached: true,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, API_PORT: String(port), SQLITE_PATH: path.join(copy.dir, 'dev.sqlite') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [dev.stdout!, dev.stderr!]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      `${base}/health/live`,
      (body) => body === '{"status":"ok"}',
      60_000,
      () => output,
    );
    // a validated body: class-validator's rules come from decorator metadata, which a transpiler without it would lose
    const refused = await fetch(`${base}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'not-an-email', fullName: 'A', password: 'correct-horse-battery' }),
    });
    expect(refused.status).toBe(400);

    const routes = path.join(copy.dir, 'src', 'routes', 'health.routes.ts');
    const source = readFileSync(routes, 'utf8');
    // the liveness answer is the first `status: 'ok'` in the file
    const edited = source.replace("status: 'ok',", "status: 'unavailable',");
    expect(edited).not.toEqual(source);
    writeFileSync(routes, edited);
    await waitFor(
      `${base}/health/live`,
      (body) => body === '{"status":"unavailable"}',
      30_000,
      () => output,
    );
    expect(output).toMatch(/Restarting 'src\/server\.ts'/);
  });
});
