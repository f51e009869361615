import { parseConfig } from '../../src/config/load-config';
import { freePort } from '../support/free-port';
import type { ConfigOverrides, startTestApp } from '../support/test-app';

/** Starts an app in a fresh module registry and returns which of the Redis modules it loaded. */
async function modulesLoadedBy(overrides: ConfigOverrides): Promise<string[]> {
  const loaded: string[] = [];
  await jest.isolateModulesAsync(async () => {
    for (const name of ['ioredis', '../../src/shared-state/shared-state']) {
      jest.doMock(name, () => {
        loaded.push(name);
        return jest.requireActual(name);
      });
    }
    const { startTestApp: start } = jest.requireActual<{ startTestApp: typeof startTestApp }>('../support/test-app');
    await (await start('sqlite', overrides)).close();
  });
  return loaded;
}

/** The embedded default: without REDIS_URL nothing Redis-related is configured or even loaded. */
describe('without REDIS_URL [sqlite]', () => {
  it('has no redis settings, whatever the other Redis variables say', () => {
    expect(parseConfig({ REDIS_KEY_PREFIX: 'x:', RATE_LIMIT_REDIS_FAILURE: 'closed' }).redis).toBeUndefined();
  });

  it('builds the app without loading ioredis or the shared store (and loads both with REDIS_URL: the control)', async () => {
    expect(await modulesLoadedBy({})).toEqual([]);
    const redis = { url: `redis://127.0.0.1:${await freePort()}`, keyPrefix: 'test:unused:', timeoutMs: 200, onFailure: 'open' as const };
    expect((await modulesLoadedBy({ redis })).sort()).toEqual(['../../src/shared-state/shared-state', 'ioredis']);
  });
});
