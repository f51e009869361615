/**
 * The bare floor: the least a Fastify service can do to answer the bench's requests with the same JSON as the
 * project (GET by id, the newest-first page with its total and nextCursor, create, PATCH, bearer tokens checked
 * the same way), with hand-written prepared SQL and hand-written JSON schemas. No ORM, no DTO classes, no
 * hooks, no logging, no rate limit: what the project costs is measured against this.
 *
 *   FLOOR_PORT=3200 FLOOR_SQLITE_PATH=… | FLOOR_POSTGRES_URL=… FLOOR_JWT_SECRET=… node floor-server.js
 */
import { createVerifier } from 'fast-jwt';
import Fastify, { FastifyReply, FastifyRequest } from 'fastify';
import { postgresStore } from './postgres-store';
import { sqliteStore } from './sqlite-store';
import { Caller, ProductInput, Store } from './store';

const env = (name: string) => process.env[name] ?? '';
const store: Store = env('FLOOR_POSTGRES_URL')
  ? postgresStore(env('FLOOR_POSTGRES_URL'), Number(env('FLOOR_POOL_SIZE') || 4))
  : sqliteStore(env('FLOOR_SQLITE_PATH'));
const verify = createVerifier({
  key: env('FLOOR_JWT_SECRET'),
  algorithms: ['HS256'],
  allowedIss: 'ts-backend-boilerplate',
  allowedAud: 'ts-backend-boilerplate/api',
  requiredClaims: ['sub', 'exp', 'iss', 'aud'],
  cache: false,
});

const fields = {
  name: { type: 'string', minLength: 1, maxLength: 255 },
  description: { type: ['string', 'null'], maxLength: 1000 },
  sku: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
  price: { type: 'number', exclusiveMinimum: 0, maximum: 99_999_999.99 },
  quantity: { type: 'integer', minimum: 0, maximum: 2_147_483_647 },
  isActive: { type: 'boolean' },
  status: { type: 'string', enum: ['active', 'inactive'] },
  category: { type: ['string', 'null'], minLength: 1, maxLength: 100 },
};
const product = {
  type: 'object',
  properties: {
    ...fields,
    id: { type: 'integer' },
    userId: { type: 'integer' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};
const idParams = { type: 'object', properties: { id: { type: 'integer', minimum: 1, maximum: 2_147_483_647 } }, required: ['id'] };
const pageQuery = {
  type: 'object',
  properties: {
    page: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    pageSize: { type: 'integer', minimum: 1, maximum: 100 },
    sort: { type: 'string', enum: ['-createdAt'] },
  },
  additionalProperties: false,
};
const page = {
  type: 'object',
  properties: {
    data: { type: 'array', items: product },
    pagination: {
      type: 'object',
      properties: {
        page: { type: 'integer' },
        pageSize: { type: 'integer' },
        totalItems: { type: 'integer' },
        totalPages: { type: 'integer' },
        nextCursor: { type: ['string', 'null'] },
      },
    },
  },
};

const app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false } } });

function problem(reply: FastifyReply, statusCode: number, code: string, message: string) {
  return reply.status(statusCode).send({ statusCode, code, message });
}

async function caller(request: FastifyRequest): Promise<Caller | undefined> {
  const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
  if (!match) return undefined;
  try {
    return await store.caller(Number((verify(match[1]) as { sub: string }).sub));
  } catch {
    return undefined;
  }
}

app.get('/health/ready', async () => ({ status: 'ok' }));

app.get<{ Params: { id: number } }>(
  '/api/v1/products/:id',
  { schema: { params: idParams, response: { 200: product } } },
  async (request, reply) => {
    return (await store.get(request.params.id)) ?? problem(reply, 404, 'NOT_FOUND', `Product ${request.params.id} was not found`);
  },
);

app.get<{ Querystring: { page?: number; pageSize?: number } }>(
  '/api/v1/products',
  { schema: { querystring: pageQuery, response: { 200: page } } },
  async (request) => {
    const pageNumber = request.query.page ?? 1;
    const pageSize = request.query.pageSize ?? 20;
    const { rows, total } = await store.newest((pageNumber - 1) * pageSize, pageSize + 1);
    const last = rows.length > pageSize ? rows[pageSize - 1] : undefined;
    const nextCursor = last
      ? Buffer.from(JSON.stringify(['-createdAt,-id', last.createdAtText, last.product.id])).toString('base64url')
      : null;
    return {
      data: rows.slice(0, pageSize).map((row) => row.product),
      pagination: { page: pageNumber, pageSize, totalItems: total, totalPages: Math.ceil(total / pageSize), nextCursor },
    };
  },
);

app.post<{ Body: ProductInput }>(
  '/api/v1/products',
  {
    schema: {
      body: { type: 'object', properties: fields, required: ['name', 'sku', 'price'], additionalProperties: false },
      response: { 201: product },
    },
  },
  async (request, reply) => {
    const user = await caller(request);
    if (!user) return problem(reply, 401, 'UNAUTHORIZED', 'Log in first');
    return reply.status(201).send(await store.create(request.body, user.id));
  },
);

app.patch<{ Params: { id: number }; Body: ProductInput }>(
  '/api/v1/products/:id',
  {
    schema: {
      params: idParams,
      body: { type: 'object', properties: fields, minProperties: 1, additionalProperties: false },
      response: { 200: product },
    },
  },
  async (request, reply) => {
    const user = await caller(request);
    if (!user) return problem(reply, 401, 'UNAUTHORIZED', 'Log in first');
    const updated = await store.update(request.params.id, request.body, user);
    if (updated === undefined) return problem(reply, 404, 'NOT_FOUND', `Product ${request.params.id} was not found`);
    if (updated === null) return problem(reply, 403, 'FORBIDDEN', 'Not yours');
    return updated;
  },
);

app.addHook('onClose', () => store.close());
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
app.listen({ host: '127.0.0.1', port: Number(env('FLOOR_PORT')) }).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
