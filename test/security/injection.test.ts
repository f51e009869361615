import { LoggedIn, loginAs } from '../support/auth';
import { describeEachEngine } from '../support/each-engine';
import { createProduct } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/** Classic payloads: each would change the query if it were pasted into SQL instead of bound or whitelisted. */
const SQL = [
  "' OR '1'='1",
  "' OR 1=1 --",
  "x'; DROP TABLE products; --",
  '1; DELETE FROM users',
  "' UNION SELECT password_hash FROM users --",
  '") OR ("1"="1',
  '\\x27 OR 1=1',
  '%27%20OR%201=1',
];

/**
 * Injection through list filters and sort (OWASP API8:2019; API10:2023 for what the app hands on): every
 * parameter is typed and whitelisted before it reaches SQL, and values are bound, never spliced. So each attempt
 * is a 400 naming the parameter, or a value matched literally (no rows), never a 500, and never executed.
 */
describeEachEngine('injection in filters and sort', (engine) => {
  let t: TestApp;
  let admin: LoggedIn;
  beforeAll(async () => {
    t = await startTestApp(engine);
    admin = await loginAs(t.app, 'admin');
    for (const category of ['tools', 'garden']) await createProduct(t.app, { category });
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async () => (await t.app.inject({ url: '/api/v1/products?pageSize=1' })).json().pagination.totalItems as number;
  const get = (url: string, headers = admin.headers) => t.app.inject({ url, headers });

  it('refuses every attempt in sort, typed filters and paging with a 400 naming the parameter', async () => {
    for (const payload of SQL) {
      const value = encodeURIComponent(payload);
      for (const parameter of ['sort', 'minPrice', 'userId', 'isActive', 'status', 'createdFrom', 'page', 'pageSize', 'cursor']) {
        const response = await get(`/api/v1/products?${parameter}=${value}`);
        expect({ parameter, payload, status: response.statusCode }).toEqual({ parameter, payload, status: 400 });
        expect(response.json().details.map((d: { field: string }) => d.field)).toContain(parameter);
      }
      for (const parameter of ['sort', 'email', 'role', 'isActive']) {
        expect((await get(`/api/v1/users?${parameter}=${value}`)).statusCode).toBe(400);
      }
    }
  });

  it('matches free-text filters literally: no rows, no error, nothing executed', async () => {
    const before = await count();
    for (const payload of SQL) {
      const response = await get(`/api/v1/products?category=${encodeURIComponent(payload)}`);
      expect({ payload, status: response.statusCode, rows: response.json().data?.length }).toEqual({ payload, status: 200, rows: 0 });
    }
    expect(await count()).toBe(before);
    expect((await get('/api/v1/products?category=tools')).json().data).toHaveLength(1);
    expect((await get('/api/v1/users?pageSize=1')).statusCode).toBe(200);
  });

  it('refuses field names that are not sort fields, and parameters that are not filters', async () => {
    for (const sort of ['passwordHash', 'name desc', 'name,(SELECT 1)', 'price;', '-', 'id,id,id,id,id,id,id', 'user.password_hash']) {
      expect((await get(`/api/v1/products?sort=${encodeURIComponent(sort)}`)).statusCode).toBe(400);
    }
    for (const parameter of ['where', 'orderBy', '__proto__', 'constructor', 'password_hash', 'filter[price]']) {
      const response = await get(`/api/v1/products?${encodeURIComponent(parameter)}=1`);
      expect({ parameter, status: response.statusCode }).toEqual({ parameter, status: 400 });
    }
  });
});
