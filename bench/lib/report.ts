import type { StartupSummary } from './startup';
import os from 'node:os';
import type { DeepPageResult } from './deep-page';
import type { Measurement } from './load';
import type { RampResult } from './ramp';
import type { BarChart } from './svg-chart';
import type { TargetName } from './target-process';
import type { WorkloadName } from './workloads';

/** The issue's targets: req/s at least this share of the floor's, p99 at most this multiple, and so on. */
export const TARGETS = { rpsRatio: 0.8, p99Ratio: 2, rssGrowthPct: 10, deepPageRatio: 1.2, startupMs: 1000, rampMaxMs: 5000 };

export interface TargetSummary {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  peakRssMb: number;
  serverCores: number;
  loadCores: number;
  /** Server CPU time per request: steadier than req/s on a machine shared with other work. */
  cpuUsPerRequest: number;
  failures: number;
  rounds: { rps: number; p50Ms: number; p99Ms: number }[];
}

export interface WorkloadSummary {
  project: TargetSummary;
  floor: TargetSummary;
  rpsRatio: number;
  p99Ratio: number;
}

export interface SoakSummary {
  durationS: number;
  warmUpS: number;
  /** Peak RSS during the warm-up, then after it, and the growth between. */
  warmRssMb: number;
  peakRssMb: number;
  growthPct: number;
  rps: number;
  failures: number;
}

export interface BenchResult {
  date: string;
  machine: { node: string; cpus: number; cpuModel: string; os: string; memoryGb: number };
  engine: string;
  options: Record<string, unknown>;
  runtimeS: number;
  workloads: Partial<Record<WorkloadName, WorkloadSummary>>;
  soak: Partial<Record<TargetName, SoakSummary>>;
  /** Restart to a passing readiness check on the migrated, seeded database. */
  startup?: Partial<Record<TargetName, StartupSummary>>;
  deepPage?: DeepPageResult;
  /** Keep-alive connections added one by one up to RampOptions.connections, on the list endpoint. */
  ramp?: Partial<Record<TargetName, RampResult>>;
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export function machine(): BenchResult['machine'] {
  return {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  };
}

/** Median req/s and latencies over the rounds, the highest RSS, and the mean CPU shares. */
export function summarize(rounds: Measurement[]): TargetSummary {
  return {
    rps: median(rounds.map((r) => r.rps)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    peakRssMb: Math.max(...rounds.map((r) => r.peakRssMb)),
    serverCores: rounds.reduce((sum, r) => sum + r.serverCores, 0) / rounds.length,
    loadCores: rounds.reduce((sum, r) => sum + r.loadCores, 0) / rounds.length,
    cpuUsPerRequest: median(rounds.map((r) => (r.serverCores * 1e6) / r.rps)),
    failures: rounds.reduce((sum, r) => sum + r.failures, 0),
    rounds: rounds.map(({ rps, p50Ms, p99Ms }) => ({ rps, p50Ms, p99Ms })),
  };
}

/** Growth of the peak RSS after the warm-up over the peak during it. */
export function soakSummary(measurement: Measurement, durationS: number, warmUpS: number, sampleMs: number): SoakSummary {
  const split = Math.ceil((warmUpS * 1000) / sampleMs);
  const warmRssMb = Math.max(...measurement.rssTimelineMb.slice(0, split));
  const peakRssMb = Math.max(...measurement.rssTimelineMb.slice(split));
  return {
    durationS,
    warmUpS,
    warmRssMb,
    peakRssMb,
    growthPct: ((peakRssMb - warmRssMb) / warmRssMb) * 100,
    rps: measurement.rps,
    failures: measurement.failures,
  };
}

const pad = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length));
const lpad = (text: string, width: number) => (text.length >= width ? text : ' '.repeat(width - text.length) + text);
const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');

/** The table `npm run bench` prints (and bench/README.md shows). */
export function formatTable(result: BenchResult): string {
  const lines: string[] = [];
  const header = ['workload', 'target', 'req/s', 'p50 ms', 'p99 ms', 'peak RSS MB', 'server cores', 'CPU µs/req', 'load-gen cores'];
  const widths = [9, 8, 9, 8, 8, 12, 13, 11, 15];
  const row = (cells: string[]) => cells.map((cell, i) => (i < 2 ? pad(cell, widths[i]) : lpad(cell, widths[i]))).join(' ');
  lines.push(row(header));
  for (const [name, summary] of Object.entries(result.workloads) as [WorkloadName, WorkloadSummary][]) {
    for (const target of ['project', 'floor'] as const) {
      const s = summary[target];
      lines.push(
        row([
          target === 'project' ? name : '',
          target,
          fixed(s.rps, 0),
          fixed(s.p50Ms),
          fixed(s.p99Ms),
          fixed(s.peakRssMb, 1),
          fixed(s.serverCores),
          fixed(s.cpuUsPerRequest, 0),
          fixed(s.loadCores),
        ]),
      );
    }
    lines.push(
      row([
        '',
        'ratio',
        `${fixed(summary.rpsRatio)}x`,
        '',
        `${fixed(summary.p99Ratio)}x`,
        '',
        '',
        `${fixed(summary.project.cpuUsPerRequest / summary.floor.cpuUsPerRequest)}x`,
        '',
      ]),
    );
  }
  return lines.join('\n');
}

export function formatVerdicts(result: BenchResult): string {
  const lines: string[] = [];
  for (const [name, s] of Object.entries(result.workloads) as [WorkloadName, WorkloadSummary][]) {
    lines.push(
      `${pad(name, 7)} req/s ${fixed(s.rpsRatio)}x of the floor (target >= ${TARGETS.rpsRatio}x: ${mark(s.rpsRatio >= TARGETS.rpsRatio)}), p99 ${fixed(s.p99Ratio)}x (target <= ${TARGETS.p99Ratio}x: ${mark(s.p99Ratio <= TARGETS.p99Ratio)})`,
    );
  }
  for (const [target, soak] of Object.entries(result.soak)) {
    lines.push(
      `soak    ${target}: ${soak.durationS} s mixed load, peak RSS ${fixed(soak.warmRssMb, 1)} MB in the first ${fixed(soak.warmUpS, 1)} s, ${fixed(soak.peakRssMb, 1)} MB after: ${soak.growthPct >= 0 ? '+' : ''}${fixed(soak.growthPct, 1)}%` +
        (target === 'project' ? ` (target <= +${TARGETS.rssGrowthPct}%: ${mark(soak.growthPct <= TARGETS.rssGrowthPct)})` : ''),
    );
  }
  const { project: started, floor: floorStarted } = result.startup ?? {};
  if (started && floorStarted) {
    lines.push(
      `startup project ready in ${started.medianMs} ms (median of ${started.runsMs.length}; target <= ${TARGETS.startupMs} ms: ${mark(started.medianMs <= TARGETS.startupMs)}), floor ${floorStarted.medianMs} ms`,
    );
  }
  for (const [target, r] of Object.entries(result.ramp ?? {})) {
    const ok = r.failures === 0 && r.maxMs <= TARGETS.rampMaxMs;
    const failed = r.failures
      ? ` (${Object.entries(r.failureReasons)
          .map(([reason, n]) => `${reason}: ${n}`)
          .join(', ')})`
      : '';
    lines.push(
      `ramp    ${pad(target, 7)} to ${r.connections} connections: ${fixed(r.rps, 0)} req/s, p50 ${fixed(r.p50Ms)} ms, p99 ${fixed(r.p99Ms)} ms, slowest ${fixed(r.maxMs, 0)} ms, slowest first answer ${fixed(r.maxFirstResponseMs, 0)} ms, ${r.failures} failed${failed}, server ${fixed(r.serverCores)} cores, load-gen ${fixed(r.loadCores)}` +
        (target === 'project' ? ` (target: every answer within ${TARGETS.rampMaxMs / 1000} s, no failure: ${mark(ok)})` : ''),
    );
  }
  const deep = result.deepPage;
  if (deep) {
    const [small, large] = deep.sizes.map((n) => n.toLocaleString('en-US'));
    const scale = (label: string, s: DeepPageResult['cursor']) =>
      `${pad(label, 33)} p50 ${fixed(s.p50Ms[0])} ms at ${small} rows, ${fixed(s.p50Ms[1])} ms at ${large}: ${fixed(s.p50Ratio)}x`;
    lines.push(
      `${scale(`deep  cursor page at ${deep.depth * 100}% depth`, deep.cursor)} (target <= ${TARGETS.deepPageRatio}x: ${mark(deep.cursor.p50Ratio <= TARGETS.deepPageRatio)})`,
      scale(`      offset page at ${deep.depth * 100}% depth`, deep.offset),
      scale('      first page, exact total', deep.exactTotal),
      scale('      first page, withTotal=false', deep.noTotal),
    );
  }
  return lines.join('\n');
}

export function chartOf(result: BenchResult): BarChart {
  const m = result.machine;
  return {
    title: `ts-backend-boilerplate vs a bare Fastify floor (${result.engine})`,
    subtitle: `median req/s of ${result.options.rounds} alternating rounds, ${result.options.durationS} s each, ${result.options.connections} connections, ${Number(result.options.seed).toLocaleString('en-US')} products; ${m.cpus} x ${m.cpuModel}, node ${m.node}; ${result.date.slice(0, 10)}`,
    yLabel: 'requests per second',
    series: [
      { name: 'project', color: '#3b6fb6' },
      { name: 'bare floor', color: '#b0b0b0' },
    ],
    groups: (Object.entries(result.workloads) as [WorkloadName, WorkloadSummary][]).map(([name, s]) => ({
      label: name,
      values: [s.project.rps, s.floor.rps],
      note: `${fixed(s.rpsRatio)}x`,
    })),
  };
}
