import { parseConfig } from '../../src/config/load-config';
import { freePort } from '../support/free-port';
import { modulesLoadedBy } from '../support/loaded-modules';

const REDIS_MODULES = ['../../src/shared-state/shared-state', 'ioredis'];

/** The embedded default: without REDIS_URL nothing Redis-related is configured or even loaded. */
describe('without REDIS_URL [sqlite]', () => {
  it('has no redis settings, whatever the other Redis variables say', () => {
    expect(parseConfig({ REDIS_KEY_PREFIX: 'x:', RATE_LIMIT_REDIS_FAILURE: 'closed' }).redis).toBeUndefined();
  });

  it('builds the app without loading ioredis or the shared store (and loads both with REDIS_URL: the control)', async () => {
    expect(await modulesLoadedBy(REDIS_MODULES, {})).toEqual([]);
    const redis = { url: `redis://127.0.0.1:${await freePort()}`, keyPrefix: 'test:unused:', timeoutMs: 200, onFailure: 'open' as const };
    expect(await modulesLoadedBy(REDIS_MODULES, { redis })).toEqual(REDIS_MODULES);
  });
});
