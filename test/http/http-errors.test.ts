import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app';
import { LoggedIn, loginAs } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/test-databases';
import { migrate, startTestApp, testConfig, TestApp } from '../support/test-app';

/** Nothing internal may reach a client: no stack frames, no SQL, no driver or file names. */
function expectNothingInternal(response: LightMyRequestResponse): void {
  expect(response.json()).not.toHaveProperty('stack');
  expect(response.body).not.toMatch(/\bat .+:\d+:\d+|node_modules|\/src\/|\.ts\b/);
  expect(response.body).not.toMatch(/\b(SELECT|INSERT|UPDATE|DELETE|FROM|sqlite|SQLITE_|QueryFailedError)\b/i);
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The HTTP layer is the same on every engine, so SQLite is enough here. */
describe('HTTP errors [sqlite]', () => {
  let t: TestApp;
  let user: LoggedIn;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { api: { bodyLimit: 1024 } });
    user = await loginAs(t.app, 'user');
  });
  afterAll(async () => {
    await t?.close();
  });

  const itemCount = async () => (await t.app.inject({ url: '/api/v1/items?pageSize=1' })).json().pagination.totalItems as number;

  it('answers 413 PAYLOAD_TOO_LARGE for a body over the limit, and stores nothing', async () => {
    const before = await itemCount();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/items',
      headers: user.headers,
      payload: { name: 'big', description: 'x'.repeat(2000) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      error: 'Payload Too Large',
      message: 'Request body is too large',
      requestId: expect.stringMatching(uuid),
    });
    expect(await itemCount()).toBe(before);
    // just under the limit is fine
    const fits = await t.app.inject({
      method: 'POST',
      url: '/api/v1/items',
      headers: user.headers,
      payload: { name: 'fits', description: 'x'.repeat(900) },
    });
    expect(fits.statusCode).toBe(201);
  });

  const unsupported = {
    statusCode: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    error: 'Unsupported Media Type',
    message: 'The body must be JSON: send it with Content-Type: application/json',
    requestId: expect.stringMatching(uuid),
  };

  it('answers 415 UNSUPPORTED_MEDIA_TYPE for an XML or form body, and stores nothing', async () => {
    const before = await itemCount();
    for (const contentType of ['application/xml', 'application/x-www-form-urlencoded']) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/items',
        headers: { ...user.headers, 'content-type': contentType },
        payload: '{"name":"not json"}',
      });
      expect(response.statusCode).toBe(415);
      expect(response.json()).toEqual(unsupported);
    }
    expect(await itemCount()).toBe(before);
  });

  it('answers 415 UNSUPPORTED_MEDIA_TYPE for a text/plain body, and stores nothing', async () => {
    const before = await itemCount();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/items',
      headers: { ...user.headers, 'content-type': 'text/plain' },
      payload: '{"name":"plain"}',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toEqual(unsupported);
    expect(await itemCount()).toBe(before);
  });

  it('answers 400 BAD_REQUEST for malformed JSON, with nothing internal in the body', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/items',
      headers: { ...user.headers, 'content-type': 'application/json' },
      payload: '{"name": "broken",',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      statusCode: 400,
      code: 'BAD_REQUEST',
      error: 'Bad Request',
      message: "Body is not valid JSON but content-type is set to 'application/json'",
      requestId: expect.stringMatching(uuid),
    });
    expectNothingInternal(response);
  });

  it('answers 400 BAD_REQUEST for an empty JSON body on a route that expects one', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/items',
      headers: { ...user.headers, 'content-type': 'application/json' },
      payload: '',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      statusCode: 400,
      code: 'BAD_REQUEST',
      error: 'Bad Request',
      message: "Body cannot be empty when content-type is set to 'application/json'",
      requestId: expect.stringMatching(uuid),
    });
    expectNothingInternal(response);
  });

  it('answers a request with no body at all with the fields the route needs', async () => {
    const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout' });
    expect(logout.statusCode).toBe(400);
    expect(logout.json().details).toEqual([{ field: 'refreshToken', reason: 'is required' }]);
    const item = await t.app.inject({ method: 'POST', url: '/api/v1/items', headers: user.headers });
    expect(item.json().details).toEqual([{ field: 'name', reason: 'is required' }]);
    // every field optional: at least one is needed
    const patch = await t.app.inject({ method: 'PATCH', url: '/api/v1/items/1', headers: user.headers });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().details).toEqual([{ field: 'body', reason: 'must contain at least one field' }]);
  });

  it('answers 404 NOT_FOUND naming the method and route for an unknown route', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      error: 'Not Found',
      message: 'Route GET /api/v1/nothing-here?x=1 does not exist',
      requestId: expect.stringMatching(uuid),
    });
    const wrongMethod = await t.app.inject({ method: 'PUT', url: '/api/v1/items/1', headers: user.headers, payload: { name: 'x' } });
    expect(wrongMethod.statusCode).toBe(404);
    expect(wrongMethod.json()).toMatchObject({ code: 'NOT_FOUND', message: 'Route PUT /api/v1/items/1 does not exist' });
  });

  it('echoes a client x-request-id in the header and in the error body', async () => {
    const response = await t.app.inject({ url: '/api/v1/nothing-here', headers: { 'x-request-id': 'abc-123' } });
    expect(response.statusCode).toBe(404);
    expect(response.headers['x-request-id']).toBe('abc-123');
    expect(response.json().requestId).toBe('abc-123');
    const validation = await t.app.inject({ url: '/api/v1/items/abc', headers: { 'x-request-id': 'abc-123' } });
    expect(validation.statusCode).toBe(400);
    expect(validation.headers['x-request-id']).toBe('abc-123');
    expect(validation.json().requestId).toBe('abc-123');
  });

  it('answers a URL the router refuses (bad percent-encoding 400, a parameter too long 414) in the usual shape, with its request id', async () => {
    // Fastify answers these itself, before any hook (frameworkErrors in app.ts): found by the contract check's fuzzing
    const response = await t.app.inject({ url: '/api/v1/items/%E0%A4%A', headers: { 'x-request-id': 'bad-url-1' } });
    expect(response.statusCode).toBe(400);
    expect(response.headers['x-request-id']).toBe('bad-url-1');
    expect(response.json()).toEqual({
      statusCode: 400,
      code: 'BAD_REQUEST',
      error: 'Bad Request',
      message: 'The URL is not valid percent-encoding',
      requestId: 'bad-url-1',
    });
    const long = await t.app.inject({ url: `/api/v1/items/${'9'.repeat(101)}`, headers: { 'x-request-id': 'long-1' } });
    expect(long.statusCode).toBe(414);
    expect(long.headers['x-request-id']).toBe('long-1');
    expect(long.json()).toMatchObject({ code: 'URI_TOO_LONG', message: 'A path parameter is longer than 100 characters' });
  });

  it('makes up a request id when none is sent: a UUID, the same in header and body, new per request', async () => {
    const first = await t.app.inject({ url: '/api/v1/items/99999' });
    const second = await t.app.inject({ url: '/api/v1/items/99999' });
    expect(first.statusCode).toBe(404);
    expect(first.headers['x-request-id']).toEqual(expect.stringMatching(uuid));
    expect(first.json().requestId).toBe(first.headers['x-request-id']);
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    // successes carry it too
    const ok = await t.app.inject({ url: '/api/v1/items', headers: { 'x-request-id': 'ok-1' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['x-request-id']).toBe('ok-1');
  });
});

/** Routes that fail on purpose, added to a fresh app before `ready()`. */
describe('HTTP 500s [sqlite]', () => {
  let app: FastifyInstance;
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    await migrate(database.config);
    app = await buildApp(testConfig(database.config));
    const open = { config: { access: 'public' as const } };
    app.get('/test/boom', open, async () => {
      throw new Error('secret detail: /etc/app/credentials.json');
    });
    app.get('/test/bad-sql', open, async () => app.db.query('SELECT secret_column FROM no_such_table'));
    app.get('/test/reject', open, () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'x')")));
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const internalError = (requestId: unknown) => ({
    statusCode: 500,
    code: 'INTERNAL_ERROR',
    error: 'Internal Server Error',
    message: 'Internal server error',
    requestId,
  });

  it('answers a thrown plain Error with a bare 500 and no stack or message', async () => {
    const response = await app.inject({ url: '/test/boom', headers: { 'x-request-id': 'boom-1' } });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual(internalError('boom-1'));
    expect(response.headers['x-request-id']).toBe('boom-1');
    expect(response.body).not.toContain('secret');
    expectNothingInternal(response);
  });

  it('answers a rejected promise the same way', async () => {
    const response = await app.inject({ url: '/test/reject' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual(internalError(expect.stringMatching(uuid)));
    expect(response.body).not.toContain('Cannot read');
  });

  it('answers a driver error that is not a constraint violation with a 500 and no SQL', async () => {
    const response = await app.inject({ url: '/test/bad-sql' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual(internalError(expect.stringMatching(uuid)));
    expect(response.body).not.toMatch(/secret_column|no_such_table|no such table/);
    expectNothingInternal(response);
  });

  // Last: it drops a table under the running app.
  it('answers a real route whose table is gone with a 500 and no SQL', async () => {
    await app.db.query('DROP TABLE items');
    const list = await app.inject({ url: '/api/v1/items' });
    expect(list.statusCode).toBe(500);
    expect(list.json()).toEqual(internalError(expect.stringMatching(uuid)));
    expect(list.body).not.toMatch(/items|no such table/);
    expectNothingInternal(list);
    const { headers } = await loginAs(app, 'user');
    const create = await app.inject({ method: 'POST', url: '/api/v1/items', headers, payload: { name: 'x' } });
    expect(create.statusCode).toBe(500);
    expect(create.json()).toEqual(internalError(expect.stringMatching(uuid)));
    expectNothingInternal(create);
  });
});
