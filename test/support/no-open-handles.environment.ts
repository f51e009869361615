import { TestEnvironment } from 'jest-environment-node';
import type { Circus } from '@jest/types';

/**
 * Jest's Node environment, plus a check that each test file leaves nothing open: a server, socket, pool, child
 * process or timer still active after the file's last hook keeps jest's worker alive, and jest then kills it with
 * "A worker process has failed to exit gracefully" without saying which file did it. This names the file and
 * what it left, and fails it. An environment rather than a setup file's afterAll: jest runs root afterAll hooks
 * in declaration order, so a setup file's would run before the test file's own.
 */
const GRACE_MS = 3_000;
const POLL_MS = 50;

const counts = (resources: string[]) => {
  const byType = new Map<string, number>();
  for (const type of resources) byType.set(type, (byType.get(type) ?? 0) + 1);
  return byType;
};

/** What is active now beyond `baseline`, as `TCPServerWrap×1`. */
function leftOpen(baseline: string[]): string[] {
  const before = counts(baseline);
  return [...counts(process.getActiveResourcesInfo())]
    .filter(([type, n]) => n > (before.get(type) ?? 0))
    .map(([type, n]) => `${type}×${n - (before.get(type) ?? 0)}`);
}

export default class NoOpenHandlesEnvironment extends TestEnvironment {
  private baseline: string[] = [];

  async handleTestEvent(event: Circus.Event, state: Circus.State): Promise<void> {
    if (event.name === 'run_start') this.baseline = process.getActiveResourcesInfo();
    if (event.name !== 'run_finish') return;
    // closing sockets and pools can take a few turns after the hook that closed them has returned
    const deadline = Date.now() + GRACE_MS;
    while (leftOpen(this.baseline).length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const left = leftOpen(this.baseline);
    if (left.length) {
      state.unhandledErrors.push(
        new Error(`this test file left open ${left.join(', ')} after its last hook: close it in an afterAll/afterEach`),
      );
    }
  }
}
