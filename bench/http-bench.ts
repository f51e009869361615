/**
 * The HTTP benchmark (issue 7): the project against a bare Fastify floor on the same database, then list
 * pages on a small and a large table. Method and latest numbers: bench/README.md.
 *
 *   npm run bench                      SQLite (and PostgreSQL too when BENCH_POSTGRES_URL is set)
 *   npm run bench -- --smoke           a few seconds, tiny seed, results in a temporary folder (CI)
 *   npm run bench -- --engine postgres --seed 10000 --duration 10 --rounds 2 --soak 60 --deep-rows 1000000
 *   npm run bench -- --workloads list --rounds 1 --profile /tmp/prof   CPU profile of the project (node --cpu-prof)
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BenchEngine, createBenchDatabase } from './lib/bench-database';
import { measureDeepPages } from './lib/deep-page';
import { benchUserToken, seedThroughApi } from './lib/http-client';
import { drive, Measurement, RSS_SAMPLE_MS } from './lib/load';
import { ramp } from './lib/ramp';
import { BenchResult, chartOf, formatTable, formatVerdicts, machine, soakSummary, summarize, WorkloadSummary } from './lib/report';
import { assertSameJson } from './lib/same-json';
import { barChartSvg } from './lib/svg-chart';
import { measureStartup } from './lib/startup';
import { startTarget, Target, TargetName } from './lib/target-process';
import { PROJECT_ROOT, transpile } from './lib/transpile';
import { WORKLOADS, WorkloadName, workloads } from './lib/workloads';

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    engine: { type: 'string' },
    seed: { type: 'string' },
    duration: { type: 'string' },
    rounds: { type: 'string' },
    connections: { type: 'string' },
    soak: { type: 'string' },
    'deep-rows': { type: 'string' },
    workloads: { type: 'string' },
    out: { type: 'string' },
    profile: { type: 'string' },
    ramp: { type: 'string' },
  },
});

const smoke = args.smoke;
const number = (value: string | undefined, full: number, quick: number) => (value === undefined ? (smoke ? quick : full) : Number(value));
const options = {
  seed: number(args.seed, 10_000, 200),
  durationS: number(args.duration, 10, 0.5),
  // autocannon counts whole seconds, so the smoke (which only has to run) skips the warm-ups
  warmUpS: smoke ? 0 : 2,
  rounds: number(args.rounds, 2, 1),
  connections: number(args.connections, 4, 4),
  soakS: number(args.soak, 60, 1),
  deepRows: number(args['deep-rows'], 1_000_000, 5_000),
  deepSmallRows: smoke ? 1_000 : 10_000,
  deepDurationS: smoke ? 0.3 : 5,
  startupRuns: smoke ? 1 : 5,
  workloads: (args.workloads?.split(',') ?? WORKLOADS) as WorkloadName[],
  rampConnections: number(args.ramp, 256, 32),
  rampS: smoke ? 1 : 8,
  rampHoldS: smoke ? 1 : 8,
};
const postgresUrl = process.env.BENCH_POSTGRES_URL;
const engines: BenchEngine[] = args.engine ? [args.engine as BenchEngine] : postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];
const outDir = args.out ?? (smoke ? mkdtempSync(path.join(tmpdir(), 'tsbp-bench-smoke-')) : path.join(PROJECT_ROOT, 'bench', 'results'));
const ENGINE_LABEL: Record<BenchEngine, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

const jwtSecret = randomBytes(48).toString('base64url');
/** The project as deployed (NODE_ENV=production), minus per-request log lines and with the rate limit out of the way. */
const projectEnv: Record<string, string> = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  AUTH_JWT_SECRET: jwtSecret,
  AUTH_ACCESS_TOKEN_TTL: '86400',
  RATE_LIMIT_MAX: '1000000000',
};
/** node --cpu-prof for each target, into DIR/project and DIR/floor: written when it exits at the end of the engine's run. */
const profileArgs = (target: TargetName) => (args.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args.profile, target)}`] : []);

const cleanups: (() => Promise<void>)[] = [];
process.once('SIGINT', () => {
  void Promise.allSettled(cleanups.map((cleanup) => cleanup())).then(() => process.exit(130));
});

async function benchEngine(engine: BenchEngine, scripts: { server: string; floor: string }): Promise<BenchResult> {
  const started = Date.now();
  const label = ENGINE_LABEL[engine];
  console.log(
    `\n== ${label}: ${options.seed.toLocaleString('en-US')} products, ${options.connections} connections, ${options.durationS} s x ${options.rounds} round(s) per workload and target`,
  );
  const logDir = mkdtempSync(path.join(tmpdir(), 'tsbp-bench-log-'));
  const database = await createBenchDatabase(engine, postgresUrl, options.connections);
  const targets: Target[] = [];
  cleanups.push(async () => {
    await Promise.allSettled(targets.map((target) => target.stop()));
    await database.drop();
  });
  const rounds: Record<string, Record<TargetName, Measurement[]>> = {};
  const soak: BenchResult['soak'] = {};
  const startup: BenchResult['startup'] = {};
  const rampResults: BenchResult['ramp'] = {};
  try {
    const project = await startTarget(
      'project',
      scripts.server,
      { ...projectEnv, ...database.projectEnv },
      '/health/ready',
      path.join(logDir, 'project.log'),
      profileArgs('project'),
    );
    targets.push(project);
    const token = await benchUserToken(project.origin);
    const ids = await seedThroughApi(project.origin, token, options.seed);
    const floor = await startTarget(
      'floor',
      scripts.floor,
      { ...database.floorEnv, FLOOR_JWT_SECRET: jwtSecret },
      '/health/ready',
      path.join(logDir, 'floor.log'),
      profileArgs('floor'),
    );
    targets.push(floor);
    const all = workloads(ids);
    await assertSameJson(
      project,
      floor,
      WORKLOADS.map((name) => all[name]),
      token,
    );

    const load = { connections: options.connections, token };
    for (const name of options.warmUpS > 0 ? options.workloads : []) {
      for (const target of [project, floor]) await drive(target, all[name], { ...load, durationS: options.warmUpS });
    }
    for (let round = 1; round <= options.rounds; round++) {
      // A B, then B A: drift in the machine's load or the table's size falls on both targets alike
      const order = round % 2 ? [project, floor] : [floor, project];
      for (const name of options.workloads) {
        for (const target of order) {
          await database.settle();
          const measurement = await drive(target, all[name], { ...load, durationS: options.durationS });
          ((rounds[name] ??= { project: [], floor: [] })[target.name] as Measurement[]).push(measurement);
          if (measurement.failures) console.log(`  failed: ${JSON.stringify(measurement.failureStatuses)} (status: count)`);
          console.log(
            `round ${round} ${name.padEnd(6)} ${target.name.padEnd(7)} ${measurement.rps.toFixed(0).padStart(6)} req/s  p50 ${measurement.p50Ms.toFixed(2)} ms  p99 ${measurement.p99Ms.toFixed(2)} ms  RSS ${measurement.peakRssMb.toFixed(0)} MB`,
          );
        }
      }
    }
    if (options.soakS > 0) {
      const warmUpS = Math.min(10, options.soakS / 6);
      for (const target of [project, floor]) {
        await database.settle();
        const measurement = await drive(target, all.mixed, { ...load, durationS: options.soakS });
        soak[target.name] = soakSummary(measurement, options.soakS, warmUpS, RSS_SAMPLE_MS);
        if (measurement.failures) console.log(`  failed: ${JSON.stringify(measurement.failureStatuses)} (status: count)`);
        console.log(
          `soak ${target.name}: ${measurement.rps.toFixed(0)} req/s, RSS ${soak[target.name]!.warmRssMb.toFixed(1)} → ${soak[target.name]!.peakRssMb.toFixed(1)} MB`,
        );
      }
    }
    for (const target of options.rampConnections > 0 ? [project, floor] : []) {
      await database.settle();
      const result = await ramp(target, {
        connections: options.rampConnections,
        rampS: options.rampS,
        holdS: options.rampHoldS,
        timeoutMs: 5_000,
        path: '/api/v1/products?sort=-createdAt&page=2&pageSize=20',
      });
      rampResults[target.name] = result;
      console.log(
        `ramp ${target.name.padEnd(7)} ${result.rps.toFixed(0).padStart(6)} req/s  p99 ${result.p99Ms.toFixed(2)} ms  slowest ${result.maxMs.toFixed(0)} ms  ${result.failures} failed`,
      );
    }
    // after the load, on a database that is migrated and holds the seed: what a restart waits for
    for (const target of [...targets]) {
      await target.stop();
      targets.splice(targets.indexOf(target), 1);
    }
    const starts = [
      { name: 'project' as const, script: scripts.server, env: { ...projectEnv, ...database.projectEnv } },
      { name: 'floor' as const, script: scripts.floor, env: { ...database.floorEnv, FLOOR_JWT_SECRET: jwtSecret } },
    ];
    for (const { name, script, env } of starts) {
      startup[name] = await measureStartup(name, script, env, options.startupRuns);
      console.log(`startup ${name}: ${startup[name]!.medianMs} ms to ready (median of ${startup[name]!.runsMs.join(', ')})`);
    }
  } finally {
    await cleanups.pop()!();
  }

  const summaries: BenchResult['workloads'] = {};
  for (const [name, byTarget] of Object.entries(rounds) as [WorkloadName, Record<TargetName, Measurement[]>][]) {
    const project = summarize(byTarget.project);
    const floor = summarize(byTarget.floor);
    summaries[name] = {
      project,
      floor,
      rpsRatio: project.rps / floor.rps,
      p99Ratio: project.p99Ms / floor.p99Ms,
    } satisfies WorkloadSummary;
  }
  const deepPage =
    options.deepRows > 0
      ? await measureDeepPages({
          engine,
          postgresUrl,
          sizes: [options.deepSmallRows, options.deepRows],
          durationS: options.deepDurationS,
          warmUpS: options.warmUpS,
          server: scripts.server,
          projectEnv,
        })
      : undefined;
  return {
    date: new Date().toISOString(),
    machine: machine(),
    engine: label,
    options: { ...options, smoke, logLevel: projectEnv.LOG_LEVEL },
    runtimeS: Math.round((Date.now() - started) / 100) / 10,
    workloads: summaries,
    soak,
    startup,
    deepPage,
    ramp: rampResults,
  };
}

async function main(): Promise<void> {
  const scripts = await transpile();
  mkdirSync(outDir, { recursive: true });
  let failures = 0;
  for (const engine of engines) {
    const result = await benchEngine(engine, scripts);
    const base = path.join(outDir, `http-${engine}`);
    writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(`${base}.svg`, barChartSvg(chartOf(result)));
    console.log(
      `\n${result.engine} (${result.machine.cpus} x ${result.machine.cpuModel}, node ${result.machine.node}), ${result.runtimeS} s\n`,
    );
    console.log(formatTable(result));
    console.log(`\n${formatVerdicts(result)}`);
    console.log(`\nwrote ${base}.json and ${base}.svg`);
    failures += Object.values(result.workloads).reduce((sum, s) => sum + s.project.failures + s.floor.failures, 0);
    failures += Object.values(result.soak).reduce((sum, s) => sum + s.failures, 0);
    // the floor is plain Node, which does time out new connections under this ramp: a finding, not an invalid run
    failures += result.ramp?.project?.failures ?? 0;
  }
  if (failures > 0) {
    console.error(`bench: ${failures} requests failed (non-2xx or connection errors): the numbers above are not valid`);
    process.exit(1);
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  void Promise.allSettled(cleanups.map((cleanup) => cleanup())).then(() => process.exit(1));
});
