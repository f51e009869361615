import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { PROJECT_ROOT } from './transpile';

export type TargetName = 'project' | 'floor';

/** A server under test, in a process of its own so its memory and CPU are its own. */
export interface Target {
  name: TargetName;
  origin: string;
  /** Milliseconds from spawning the process to the first 200 from its readiness path (polled every 10 ms). */
  readyMs: number;
  /** Resident set size now, in bytes (/proc/<pid>/status). */
  rss(): number;
  /** CPU seconds used so far, user + system (/proc/<pid>/stat). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

const CLOCK_TICKS_PER_SECOND = 100;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.setTimeout(1000, () => request.destroy());
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

/** Starts `node [nodeArgs] script` on a free loopback port and waits until `readyPath` answers 200. */
export async function startTarget(
  name: TargetName,
  script: string,
  env: Record<string, string>,
  readyPath: string,
  logFile: string,
  nodeArgs: string[] = [],
): Promise<Target> {
  const port = await freePort();
  const log = openSync(logFile, 'a');
  const spawned = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env, API_HOST: '127.0.0.1', API_PORT: String(port), FLOOR_PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await answers(`${origin}${readyPath}`))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start; its log:\n${readFileSync(logFile, 'utf8')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const readyMs = performance.now() - spawned;
  const pid = child.pid!;
  return {
    name,
    origin,
    readyMs,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024,
    cpuSeconds: () => {
      // fields after the parenthesised command name: utime and stime are the 12th and 13th
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
        .replace(/^.*\) /, '')
        .split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    },
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited(child);
      clearTimeout(timer);
    },
  };
}
