import http from 'node:http';
import { percentile } from './load';
import type { Target } from './target-process';

export interface RampOptions {
  /** Keep-alive connections at the end of the ramp. */
  connections: number;
  /** Seconds over which connections are added one by one, then seconds all of them keep going. */
  rampS: number;
  holdS: number;
  /** A request not answered within this counts as failed (a client would have given up). */
  timeoutMs: number;
  path: string;
}

export interface RampResult {
  connections: number;
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** From opening a connection to its first response: what waiting in the accept queue would show. */
  maxFirstResponseMs: number;
  /** Timeouts, socket errors and non-2xx answers. */
  failures: number;
  failureReasons: Record<string, number>;
  serverCores: number;
  loadCores: number;
}

/**
 * Connections added one at a time over `rampS` (256 over 8 s: one every 31 ms), each its own keep-alive socket
 * sending the next request as soon as the previous one is answered, then all of them for `holdS`. Each
 * connection's first response time includes the TCP connect, so a server slow to accept shows up there.
 */
export async function ramp(target: Target, options: RampOptions): Promise<RampResult> {
  const latencies: number[] = [];
  const failureReasons: Record<string, number> = {};
  const fail = (reason: string) => (failureReasons[reason] = (failureReasons[reason] ?? 0) + 1);
  let maxFirstResponseMs = 0;
  const startedAt = performance.now();
  const endsAt = startedAt + (options.rampS + options.holdS) * 1000;
  const serverCpuBefore = target.cpuSeconds();
  const loadCpuBefore = process.cpuUsage();
  const url = new URL(options.path, target.origin);

  const request = (agent: http.Agent) =>
    new Promise<number>((resolve, reject) => {
      const sent = performance.now();
      const outgoing = http.get(url, { agent, timeout: options.timeoutMs }, (response) => {
        response.resume();
        response.once('end', () =>
          response.statusCode! >= 200 && response.statusCode! < 300
            ? resolve(performance.now() - sent)
            : reject(new Error(`HTTP ${response.statusCode}`)),
        );
        response.once('error', reject);
      });
      outgoing.once('timeout', () => outgoing.destroy(new Error(`no answer in ${options.timeoutMs} ms`)));
      outgoing.once('error', reject);
    });

  const connection = async (index: number) => {
    await new Promise((resolve) => setTimeout(resolve, (index * options.rampS * 1000) / options.connections));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let first = true;
    try {
      while (performance.now() < endsAt) {
        try {
          const ms = await request(agent);
          latencies.push(ms);
          if (first) maxFirstResponseMs = Math.max(maxFirstResponseMs, ms);
        } catch (error) {
          fail((error as NodeJS.ErrnoException).code ?? (error as Error).message);
        }
        first = false;
      }
    } finally {
      agent.destroy();
    }
  };

  await Promise.all(Array.from({ length: options.connections }, (_, index) => connection(index)));
  const elapsedS = (performance.now() - startedAt) / 1000;
  const loadCpu = process.cpuUsage(loadCpuBefore);
  const sorted = Float64Array.from(latencies).sort();
  return {
    connections: options.connections,
    requests: latencies.length,
    rps: latencies.length / elapsedS,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.length ? sorted[sorted.length - 1] : NaN,
    maxFirstResponseMs,
    failures: Object.values(failureReasons).reduce((sum, n) => sum + n, 0),
    failureReasons,
    serverCores: (target.cpuSeconds() - serverCpuBefore) / elapsedS,
    loadCores: (loadCpu.user + loadCpu.system) / 1e6 / elapsedS,
  };
}
