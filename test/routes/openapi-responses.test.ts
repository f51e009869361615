import { startTestApp, TestApp } from '../support/test-app';

interface Response {
  description: string;
  headers?: Record<string, { $ref: string }>;
}
interface Operation {
  operationId: string;
  requestBody?: unknown;
  security?: unknown[];
  responses: Record<string, Response>;
}
interface Document {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { headers: Record<string, { required: boolean; schema: unknown }> };
}

const header = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** The statuses and headers every route shares (src/plugins/openapi-completion.ts), read from the served document. */
describe('OpenAPI: what every operation can answer [sqlite]', () => {
  let t: TestApp;
  let operations: { path: string; method: string; operation: Operation }[];
  let doc: Document;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    doc = (await t.app.inject({ url: '/openapi.json' })).json();
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );
  });
  afterAll(async () => {
    await t?.close();
  });
  const statuses = (path: string, method: string) => Object.keys(doc.paths[path][method].responses).sort();

  it('declares 429 and 500 everywhere, 413/415 with a body (and on DELETE), 414 with a path parameter, 503 on every database route', () => {
    expect(operations).toHaveLength(22);
    for (const { path, method, operation } of operations) {
      const expected = [
        '429',
        '500',
        ...(operation.requestBody || method === 'delete' ? ['413', '415'] : []),
        ...(path.includes('{') ? ['414'] : []),
        ...(path.startsWith('/api/') ? ['503'] : []),
      ];
      expect({ path, method, missing: expected.filter((status) => !(status in operation.responses)) }).toEqual({
        path,
        method,
        missing: [],
      });
    }
    expect(statuses('/health/live', 'get')).toEqual(['200', '429', '500']);
  });

  it('declares x-request-id on every response, Retry-After on 429 and the API 503, WWW-Authenticate on 401', () => {
    for (const { path, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(response.headers?.['x-request-id']).toEqual(header('RequestId'));
        if (status === '429' || (status === '503' && path.startsWith('/api/')))
          expect(response.headers?.['Retry-After']).toEqual(header('RetryAfter'));
        if (status === '401') expect(response.headers?.['WWW-Authenticate']).toEqual(header('WwwAuthenticate'));
      }
    }
    expect(doc.components.headers.RetryAfter).toMatchObject({ required: true, schema: { type: 'string', pattern: '^[0-9]+$' } });
  });

  it('describes every response in words, never "Default Response"', () => {
    const descriptions = operations.flatMap(({ operation }) => Object.values(operation.responses).map((r) => r.description));
    expect(descriptions.every((d) => typeof d === 'string' && d.length > 3 && d !== 'Default Response')).toBe(true);
    expect(doc.paths['/api/v1/products'].post.responses['201'].description).toBe('The new product');
  });

  it('declares on reads only what a read can answer (no 409 or 422), and 409/422 on writes', () => {
    expect(statuses('/api/v1/products/{id}', 'get')).toEqual(['200', '400', '404', '414', '429', '500', '503']);
    expect(statuses('/api/v1/products', 'get')).toEqual(['200', '400', '429', '500', '503']);
    expect(statuses('/api/v1/products/{id}', 'patch')).toEqual(expect.arrayContaining(['409', '422']));
  });

  it('marks public routes with security: [] and names a relative server', () => {
    expect(operations.every(({ operation }) => Array.isArray(operation.security))).toBe(true);
    expect(doc.paths['/api/v1/auth/login'].post.security).toEqual([]);
    expect(doc.servers).toEqual([{ url: '/', description: expect.any(String) }]);
  });

  it('declares no negative minimum on an id (nor any integer the API hands out)', () => {
    const text = JSON.stringify(doc);
    expect(text).not.toContain('-9007199254740991');
    expect(doc.paths['/api/v1/products/{id}'].get).toMatchObject({
      parameters: [{ name: 'id', in: 'path', schema: { type: 'integer', minimum: 1 } }],
    });
  });
});
