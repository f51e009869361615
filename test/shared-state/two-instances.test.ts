import { migrate } from '../support/test-app';
import { describeEachEngine } from '../support/each-engine';
import { startServerProcess, ServerProcess } from '../support/server-process';
import { useTestDatabase } from '../support/test-databases';
import { describeWithRedis, keysUnder, useRedisPrefix } from '../support/test-redis';

const AUTH_MAX = 3;
const MAX = 4;

/** Two real server processes on one database and one Redis, as behind a load balancer. */
describeWithRedis('rate limits shared by two instances', () => {
  describeEachEngine(
    'two server processes',
    (engine) => {
      const db = useTestDatabase(engine);
      const redis = useRedisPrefix();
      const instances: ServerProcess[] = [];
      beforeAll(async () => {
        await migrate(db().config);
        const { config } = redis();
        const env = {
          REDIS_URL: config.url,
          REDIS_KEY_PREFIX: config.keyPrefix,
          RATE_LIMIT_REDIS_FAILURE: 'closed',
          RATE_LIMIT_AUTH_MAX: String(AUTH_MAX),
          RATE_LIMIT_MAX: String(MAX),
        };
        instances.push(...(await Promise.all([startServerProcess(db().config, env), startServerProcess(db().config, env)])));
      }, 60_000);
      afterAll(async () => {
        for (const { child, exited } of instances) {
          child.kill('SIGTERM');
          await exited;
        }
      });

      const send = (instance: number, path: string, body?: object) =>
        fetch(`http://127.0.0.1:${instances[instance].port}${path}`, {
          method: body ? 'POST' : 'GET',
          headers: body ? { 'content-type': 'application/json' } : {},
          body: body && JSON.stringify(body),
        });
      const login = (instance: number) => send(instance, '/api/v1/auth/login', { email: 'guess@example.com', password: 'guess-number-n' });

      it('reports Redis in readiness on both instances', async () => {
        for (const instance of [0, 1]) {
          const ready = await send(instance, '/health/ready');
          expect(ready.status).toBe(200);
          expect(await ready.json()).toEqual({ status: 'ok', database: 'ok', pendingMigrations: [], redis: 'ok' });
        }
      });
      it('allows RATE_LIMIT_AUTH_MAX logins in total across both instances, not per instance', async () => {
        const answers: Array<[number, string | null]> = [];
        for (const instance of [0, 1, 0, 1, 0]) {
          const response = await login(instance);
          answers.push([response.status, response.headers.get('x-ratelimit-remaining')]);
        }
        // the third attempt, on instance 0, used the last one; instance 1 has none left although it saw only two
        expect(answers).toEqual([
          [401, '2'],
          [401, '1'],
          [401, '0'],
          [429, '0'],
          [429, '0'],
        ]);
        expect(await (await login(1)).json()).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      });

      it('shares the limit of every other route (RATE_LIMIT_MAX) too, under REDIS_KEY_PREFIX', async () => {
        const statuses = [];
        for (const instance of [0, 1, 0, 1, 0, 1]) statuses.push((await send(instance, '/api/v1/products')).status);
        expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
        const { config, redis: client } = redis();
        const keys = await keysUnder(client, config.keyPrefix);
        expect(keys.sort()).toEqual([
          `${config.keyPrefix}rate-limit:127.0.0.1`,
          `${config.keyPrefix}rate-limit:POST/api/v1/auth/login-127.0.0.1`,
        ]);
        expect(Number(await client.get(`${config.keyPrefix}rate-limit:127.0.0.1`))).toBe(6);
      });
    },
    ['postgres'],
  );
});
