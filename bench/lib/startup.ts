import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { median } from './report';
import { startTarget, TargetName } from './target-process';

export interface StartupSummary {
  /** Median milliseconds from `node server.js` to a passing readiness check, migrations already up to date. */
  medianMs: number;
  runsMs: number[];
}

/**
 * Restarts a target `runs` times on a database that is already migrated and seeded, as a deploy or a crash
 * recovery does, and times each start to its first 200 on the readiness path.
 */
export async function measureStartup(name: TargetName, script: string, env: Record<string, string>, runs: number): Promise<StartupSummary> {
  const logDir = mkdtempSync(path.join(tmpdir(), 'tsbp-bench-startup-'));
  const runsMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const target = await startTarget(name, script, env, '/health/ready', path.join(logDir, `${name}.log`));
    runsMs.push(Math.round(target.readyMs));
    await target.stop();
  }
  return { medianMs: median(runsMs), runsMs };
}
