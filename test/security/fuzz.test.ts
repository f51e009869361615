import fc from 'fast-check';
import { LoggedIn, loginAs } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';
import { fuzzCase, toInject } from './fuzz-requests';

/** Per route; FUZZ_RUNS raises it for a longer hunt (FUZZ_SEED replays one). */
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

/** Plausible bodies to bend: a product, an item, a user, a registration, a login, a refresh token. */
const SEEDS: Array<Record<string, unknown>> = [
  { name: 'Lamp', sku: 'FUZZ-1', price: 9.99 },
  { name: 'Item' },
  { email: 'fuzzed@example.com', fullName: 'Fuzz', password: 'a-long-passphrase' },
  { email: 'fuzzed@example.com', password: 'a-long-passphrase' },
  { refreshToken: 'A'.repeat(43) },
  { fullName: 'Renamed', currentPassword: 'a-long-passphrase' },
];

/** Every property name any schema of the app knows, so fuzzed requests use real field names as often as junk. */
function fieldNames(document: unknown): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const { properties } = node as { properties?: Record<string, unknown> };
      if (properties && typeof properties === 'object') Object.keys(properties).forEach((name) => names.add(name));
      Object.values(node).forEach(visit);
    }
  };
  visit(document);
  return [...names];
}

interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { $ref?: string; properties?: object } }> } }>>;
  components: { schemas: Record<string, { properties?: object }> };
}

/** The seeds that fit the route's documented body, so most requests start from something it could accept. */
function seedsFor(document: OpenApi, method: string, url: string): Array<Record<string, unknown>> {
  const operation = document.paths[url.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
  const schema = operation?.requestBody?.content['application/json']?.schema;
  const resolved = schema?.$ref ? document.components.schemas[schema.$ref.split('/').pop()!] : schema;
  const fields = Object.keys(resolved?.properties ?? {});
  const fitting = SEEDS.filter((seed) => Object.keys(seed).every((field) => fields.includes(field)));
  return fitting.length ? fitting : SEEDS;
}

/**
 * Property-based fuzzing of every route the app serves (read from the app itself, so a new route is fuzzed
 * without touching this file): odd path parameters, query strings and bodies, non-JSON, huge numbers, Unicode,
 * deep nesting and prototype-pollution keys, from anonymous, user, admin and forged callers. Never a 5xx, the
 * process keeps serving, and Object.prototype is untouched.
 */
describe('fuzzing every route [sqlite]', () => {
  let t: TestApp;
  let user: LoggedIn;
  let admin: LoggedIn;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    [user, admin] = [await loginAs(t.app, 'user'), await loginAs(t.app, 'admin')];
    // records for the fuzzed ids to hit: products and items 1..3 exist, owned by the fuzzing user
    for (let i = 1; i <= 3; i++) {
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/products',
        headers: user.headers,
        payload: { name: `P${i}`, sku: `SEED-${i}`, price: i },
      });
      await t.app.inject({ method: 'POST', url: '/api/v1/items', headers: user.headers, payload: { name: `I${i}` } });
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it(
    `answers every fuzzed request with a status below 500 (${RUNS_PER_ROUTE} cases per route and method)`,
    async () => {
      const routes = t.app.routeInventory();
      const document: OpenApi = (await t.app.inject({ url: '/openapi.json' })).json();
      const names = fieldNames([document, routes.map((route) => route.schema)]);
      const tokens = { user: user.headers.authorization.slice(7), admin: admin.headers.authorization.slice(7) };
      const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
      let cases = 0;
      for (const route of routes) {
        await fc.assert(
          fc.asyncProperty(fuzzCase(route.url, names, seedsFor(document, route.method, route.url)), async (fuzz) => {
            const request = toInject(route.method, fuzz, tokens);
            const response = await t.app.inject(request);
            cases++;
            if (response.statusCode >= 500) throw new Error(`${request.method} ${request.url} → ${response.statusCode} ${response.body}`);
          }),
          { numRuns: RUNS_PER_ROUTE, seed: SEED },
        );
      }
      expect(cases).toBe(routes.length * RUNS_PER_ROUTE);
      expect(routes.length).toBeGreaterThan(20);

      // still serving, and nothing leaked into every object's prototype
      expect((await t.app.inject({ url: '/health/ready' })).statusCode).toBe(200);
      expect(
        (await t.app.inject({ method: 'POST', url: '/api/v1/items', headers: admin.headers, payload: { name: 'after the fuzz' } }))
          .statusCode,
      ).toBe(201);
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
    60_000 + RUNS_PER_ROUTE * 2_000,
  );
});
