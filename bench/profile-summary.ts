/**
 * Where the time goes in a V8 CPU profile (node --cpu-prof): self time by package / project folder, and the
 * heaviest functions.
 *
 *   npm run bench -- --workloads get --rounds 1 --soak 0 --deep-rows 0 --profile /tmp/prof
 *   npx ts-node --swc bench/profile-summary.ts /tmp/prof/CPU.*.cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `typeorm`, `fastify`, `src/repositories`, `(garbage collector)`, `node:internal` … */
function ownerOf(frame: ProfileNode['callFrame']): string {
  const packageName = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (packageName) return packageName[1];
  const project = /\/(src|bench)\/([^/]+)\//.exec(frame.url);
  if (project) return `${project[1]}/${project[2]}`;
  if (frame.url.startsWith('node:')) return 'node:internal';
  return frame.url ? frame.url : frame.functionName || '(anonymous)';
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
const top = Number(values.top);

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const total = [...selfMs.values()].reduce((sum, ms) => sum + ms, 0);
  const idle = [...selfMs].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((sum, [, ms]) => sum + ms, 0);
  const busy = total - idle;

  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  const owners = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    add(owners, ownerOf(frame), ms);
    add(
      functions,
      `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/(src|bench)\//, '$1/')}:${frame.lineNumber + 1}`,
      ms,
    );
  }
  const share = (ms: number) => `${((ms / busy) * 100).toFixed(1).padStart(5)}%`;
  console.log(`${file}: ${(busy / 1000).toFixed(1)} s busy of ${(total / 1000).toFixed(1)} s sampled\n\nself time by owner:`);
  for (const [owner, ms] of [...owners].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${share(ms)}  ${owner}`);
  console.log('\nheaviest functions (self time):');
  for (const [name, ms] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${share(ms)}  ${name}`);
}
