import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sessionOf } from '../support/factories';
import { expectValidationError, startTestApp, TestApp } from '../support/test-app';

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  [keyword: string]: unknown;
};
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<
    string,
    Record<
      string,
      {
        operationId?: string;
        summary?: string;
        requestBody?: { content: Record<string, { schema: Schema }> };
        responses: Record<string, unknown>;
        security?: unknown[];
      }
    >
  >;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, unknown> };
}

/** GET that follows redirects (swagger-ui may send /docs to /docs/ or to its static index). */
async function getFollowing(app: FastifyInstance, url: string, hops = 3): Promise<LightMyRequestResponse> {
  const response = await app.inject({ url });
  const location = response.headers.location;
  if (hops > 0 && response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string') {
    return getFollowing(app, new URL(location, `http://localhost${url}`).pathname, hops - 1);
  }
  return response;
}

function everySchema(node: unknown, visit: (schema: Schema, path: string) => void, path = '#'): void {
  if (Array.isArray(node)) node.forEach((child, i) => everySchema(child, visit, `${path}/${i}`));
  else if (node && typeof node === 'object') {
    const object = node as Schema;
    if ('type' in object || 'properties' in object || 'required' in object) visit(object, path);
    for (const [key, child] of Object.entries(object)) everySchema(child, visit, `${path}/${key}`);
  }
}

/** The OpenAPI document is built from the route schemas alone, whatever the engine, so SQLite is enough. */
describe('API docs [sqlite]', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    const response = await t.app.inject({ url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    doc = response.json();
  });
  afterAll(async () => {
    await t?.close();
  });
  const schemas = () => doc.components.schemas;

  it('serves an OpenAPI 3 document as JSON', async () => {
    const response = await t.app.inject({ url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: 'ts-backend-boilerplate API', version: expect.any(String) });
  });

  it('lists every CRUD operation of products under /api/v1/products and /api/v1/products/{id}', () => {
    expect(Object.keys(doc.paths['/api/v1/products']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/products/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
    for (const resource of ['items', 'users']) {
      expect(Object.keys(doc.paths[`/api/v1/${resource}`]).sort()).toEqual(['get', 'post']);
      expect(Object.keys(doc.paths[`/api/v1/${resource}/{id}`]).sort()).toEqual(['delete', 'get', 'patch']);
    }
    expect(Object.keys(doc.paths['/health/ready'])).toEqual(['get']);
    expect(doc.paths['/openapi.json']).toBeUndefined();
  });

  it('names every operation for client generators (createProduct, listProducts, ...) and sums it up in good English', () => {
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
    const ids = operations.map((operation) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['createProduct', 'listProducts', 'getProduct', 'updateProduct', 'deleteProduct', 'login']));
    expect(operations.every((operation) => operation.summary)).toBe(true);
    expect(doc.paths['/api/v1/items'].post.summary).toBe('Create an item');
    expect(doc.paths['/api/v1/products/{id}'].get.summary).toBe('Get a product');
  });

  it("proposes a realistic body for each create (what Swagger UI's Try it out sends), and the API accepts it", async () => {
    const exampleOf = (component: string) =>
      Object.fromEntries(
        Object.entries(schemas()[component].properties!).map(([field, schema]) => [field, (schema.examples as unknown[])[0]]),
      );
    const product = exampleOf('CreateProductDto');
    expect(product).toEqual({
      name: 'Desk lamp',
      description: 'Adjustable LED desk lamp with a weighted base',
      sku: 'LAMP-001',
      price: 19.99,
      quantity: 25,
      isActive: true,
      status: 'active',
      category: 'lighting',
    });
    const session = await sessionOf(t.app, 'user');
    for (const [url, component] of [
      ['/api/v1/products', 'CreateProductDto'],
      ['/api/v1/items', 'CreateItemDto'],
    ]) {
      const created = await t.app.inject({ method: 'POST', url, headers: session.headers, payload: exampleOf(component) });
      expect(created.statusCode).toBe(201);
    }
    const registered = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: exampleOf('RegisterDto') });
    expect(registered.statusCode).toBe(201);
  });

  it('has CreateProductDto with the constraints the API enforces', () => {
    const create = schemas().CreateProductDto;
    expect(create).toBeDefined();
    expect(create.additionalProperties).toBe(false);
    expect([...create.required!].sort()).toEqual(['name', 'price', 'sku']);
    // the owner is whoever creates the product: the body cannot name one
    expect(create.properties!.userId).toBeUndefined();
    const p = create.properties!;
    expect(p.name).toMatchObject({ type: 'string', minLength: 1, maxLength: 255 });
    expect(p.description).toMatchObject({ maxLength: 1000 });
    expect(p.sku).toMatchObject({ type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
    expect(p.price).toMatchObject({ type: 'number', multipleOf: 0.01, exclusiveMinimum: 0, maximum: 99_999_999.99 });
    expect(p.quantity).toMatchObject({ type: 'integer', minimum: 0, maximum: 2_147_483_647 });
    expect(p.status).toMatchObject({ enum: ['active', 'inactive'] });
  });

  it('the API enforces what the document says of price: > 0, two decimals, at most 99,999,999.99', async () => {
    const { headers } = await sessionOf(t.app, 'user');
    const at = (price: number, sku: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/products', headers, payload: { name: 'p', sku, price } });
    expectValidationError(await at(0, 'P-0'), 'price', 'must be > 0');
    expectValidationError(await at(0.011, 'P-1'), 'price', 'at most 2 decimal places');
    expectValidationError(await at(100_000_000, 'P-2'), 'price', 'must be <= 99999999.99');
    const ok = await at(0.01, 'P-3');
    expect(ok.statusCode).toBe(201);
    expect(ok.json().price).toBe(0.01);
  });

  it('declares OpenAPI 3.1, whose schemas are the JSON Schema the DTOs compile to (price > 0 stays exclusive)', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(schemas().CreateProductDto.properties!.price).toMatchObject({ type: 'number', exclusiveMinimum: 0 });
  });

  it('documents the PATCH bodies with the same constraints as create, all optional, at least one field', () => {
    const body = doc.paths['/api/v1/products/{id}'].patch.requestBody!.content['application/json'].schema;
    const update = body.$ref ? schemas()[String(body.$ref).split('/').pop()!] : body;
    expect(update.title).toBe('UpdateProductDto');
    expect(update.required ?? []).toEqual([]);
    expect(update.minProperties ?? body.minProperties).toBe(1);
    const create = schemas().CreateProductDto.properties!;
    for (const field of ['name', 'description', 'sku', 'price', 'quantity', 'isActive', 'status', 'category']) {
      expect(update.properties![field]).toEqual(create[field]);
    }
  });

  it('has UpdateProductDto (and the other Update DTOs) as components', () => {
    expect(Object.keys(schemas())).toEqual(expect.arrayContaining(['UpdateProductDto', 'UpdateItemDto', 'UpdateUserDto']));
  });

  // An empty `required` is legal JSON Schema but rejected by OpenAPI 3.0 tooling that many clients still use.
  it('never writes an empty `required` list', () => {
    const empty: string[] = [];
    everySchema(doc, (schema, path) => {
      if (Array.isArray(schema.required) && schema.required.length === 0) empty.push(path);
    });
    expect(empty).toEqual([]);
  });

  it('has ProductResponseDto with every field, always present', () => {
    const response = schemas().ProductResponseDto;
    expect(Object.keys(response.properties!).sort()).toEqual([
      'category',
      'createdAt',
      'description',
      'id',
      'isActive',
      'name',
      'price',
      'quantity',
      'sku',
      'status',
      'updatedAt',
      'userId',
    ]);
    expect([...response.required!].sort()).toEqual(Object.keys(response.properties!).sort());
    expect(response.properties!.name).toMatchObject({ type: 'string', maxLength: 255 });
    expect(response.properties!.createdAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(doc.paths['/api/v1/products/{id}'].get.responses['200']).toEqual({
      description: 'The product',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ProductResponseDto' } } },
      headers: { 'x-request-id': { $ref: '#/components/headers/RequestId' } },
    });
  });

  it('never documents a password in a response: UserResponseDto has no password or passwordHash', () => {
    const user = schemas().UserResponseDto;
    expect(Object.keys(user.properties!).sort()).toEqual(['createdAt', 'email', 'fullName', 'id', 'isActive', 'role', 'updatedAt']);
    expect(JSON.stringify(user)).not.toMatch(/password/i);
    expect(schemas().CreateUserDto.properties!.password).toMatchObject({ type: 'string', minLength: 12, maxLength: 128 });
    expect(schemas().CreateUserDto.properties!.passwordHash).toBeUndefined();
    expect(schemas().CreateUserDto.properties!.email).toMatchObject({ type: 'string', format: 'email', maxLength: 255 });
  });

  it('documents the error shape once and refers to it', () => {
    expect(schemas().ErrorResponse).toMatchObject({
      type: 'object',
      required: ['statusCode', 'code', 'error', 'message'],
    });
    expect(doc.paths['/api/v1/products'].post.responses['409']).toEqual({
      description: expect.stringContaining('unique value already taken'),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
      headers: { 'x-request-id': { $ref: '#/components/headers/RequestId' } },
    });
  });

  it('declares bearer auth and puts it on every protected operation, and only there', () => {
    expect(doc.components.securitySchemes).toEqual({ bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } });
    const bearer = [{ bearerAuth: [] }];
    for (const [path, operation] of [
      ['/api/v1/products', 'post'],
      ['/api/v1/products/{id}', 'patch'],
      ['/api/v1/products/{id}', 'delete'],
      ['/api/v1/items', 'post'],
      ['/api/v1/users', 'get'],
      ['/api/v1/users/{id}', 'get'],
      ['/api/v1/auth/me', 'get'],
    ]) {
      expect({ path, operation, security: doc.paths[path][operation].security }).toEqual({ path, operation, security: bearer });
      expect(doc.paths[path][operation].responses).toEqual(expect.objectContaining({ 401: expect.anything(), 403: expect.anything() }));
    }
    for (const [path, operation] of [
      ['/api/v1/products', 'get'],
      ['/api/v1/products/{id}', 'get'],
      ['/api/v1/auth/login', 'post'],
      ['/api/v1/auth/register', 'post'],
      ['/api/v1/auth/refresh', 'post'],
      ['/health/ready', 'get'],
    ]) {
      // an explicit empty list: public, not "whatever a global requirement says"
      expect({ path, operation, security: doc.paths[path][operation].security }).toEqual({ path, operation, security: [] });
    }
  });

  it('documents the token pair login answers, and a register body with no role or isActive', () => {
    expect(schemas().TokenResponseDto.required!.sort()).toEqual([
      'accessToken',
      'expiresIn',
      'refreshExpiresIn',
      'refreshToken',
      'tokenType',
    ]);
    expect(Object.keys(schemas().RegisterDto.properties!).sort()).toEqual(['email', 'fullName', 'password']);
  });

  it('logs Swagger UI in with the token of a "Try it out" login or refresh, and keeps it across reloads', async () => {
    const page = await getFollowing(t.app, '/docs/static/swagger-initializer.js');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('"persistAuthorization":true');
    expect(page.body).toMatch(/"responseInterceptor":function useTokenFromLogin\(response\)/);
    expect(page.body).toContain("ui.preauthorizeApiKey('bearerAuth', response.obj.accessToken)");
    expect(page.body).toContain('ui.authActions.persistAuthorizationIfNeeded()');
    // the pasted function runs in the page where `const ui = SwaggerUIBundle(...)` is declared
    expect(page.body).toMatch(/const ui = SwaggerUIBundle/);
  });

  it('serves the Swagger UI at /docs as HTML', async () => {
    const response = await getFollowing(t.app, '/docs');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toMatch(/<html/i);
    expect(response.body).toContain('Swagger UI');
  });
});

describe('API docs disabled [sqlite]', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { api: { docsEnabled: false } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(['/docs', '/docs/', '/openapi.json', '/docs/json'])('%s answers 404 NOT_FOUND', async (url) => {
    const response = await t.app.inject({ url });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      error: 'Not Found',
      message: `Route GET ${url} does not exist`,
      requestId: expect.any(String),
    });
  });

  it('still serves the API', async () => {
    const response = await t.app.inject({ url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });
});
