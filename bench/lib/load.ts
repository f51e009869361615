import autocannon from 'autocannon';
import type { Target } from './target-process';
import type { Workload } from './workloads';

export interface LoadOptions {
  durationS: number;
  connections: number;
  /** Bearer token for workloads that write. */
  token: string;
}

export interface Measurement {
  requests: number;
  failures: number;
  /** Count per unexpected status (0: connection error or timeout), so a failing run says what failed. */
  failureStatuses: Record<number, number>;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  peakRssMb: number;
  /** Cores the server / the load generator (this process) kept busy on average. */
  serverCores: number;
  loadCores: number;
  /** RSS every RSS_SAMPLE_MS, in MB (the soak reads its growth from it). */
  rssTimelineMb: number[];
}

export const RSS_SAMPLE_MS = 250;
const MB = 1024 * 1024;

export function percentile(sorted: Float64Array | number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

/**
 * Drives `target` with `workload` from this process (loopback only, bounded by `durationS`). Latencies are
 * autocannon's own per-response hrtime figures, kept exactly (its histogram rounds to whole milliseconds).
 */
export async function drive(target: Target, workload: Workload, options: LoadOptions): Promise<Measurement> {
  const latencies: number[] = [];
  const failureStatuses: Record<number, number> = {};
  const rssTimeline = [target.rss()];
  const sampler = setInterval(() => rssTimeline.push(target.rss()), RSS_SAMPLE_MS);
  const serverCpuBefore = target.cpuSeconds();
  const loadCpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const auth: Record<string, string> = workload.writes ? { authorization: `Bearer ${options.token}` } : {};

  const instance = autocannon({
    url: target.origin,
    connections: options.connections,
    duration: options.durationS,
    requests: [
      {
        setupRequest: (request) => {
          const next = workload.next();
          // fresh headers each time: autocannon writes Content-Length into the object it is given
          const headers = next.body ? { ...auth, 'content-type': 'application/json' } : { ...auth };
          return { ...request, method: next.method, path: next.path, headers, body: next.body ? JSON.stringify(next.body) : undefined };
        },
      },
    ],
  });
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
    else failureStatuses[statusCode] = (failureStatuses[statusCode] ?? 0) + 1;
  });
  const result = await instance;
  clearInterval(sampler);
  rssTimeline.push(target.rss());

  const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
  const loadCpu = process.cpuUsage(loadCpuBefore);
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    failures: Object.values(failureStatuses).reduce((sum, n) => sum + n, 0) + result.errors + result.timeouts,
    failureStatuses: result.errors + result.timeouts ? { ...failureStatuses, 0: result.errors + result.timeouts } : failureStatuses,
    rps: latencies.length / result.duration,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    peakRssMb: Math.max(...rssTimeline) / MB,
    serverCores: (target.cpuSeconds() - serverCpuBefore) / elapsedS,
    loadCores: (loadCpu.user + loadCpu.system) / 1e6 / elapsedS,
    rssTimelineMb: rssTimeline.map((bytes) => bytes / MB),
  };
}
