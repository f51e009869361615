import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { ContractChecker, enforceContract } from '../support/contract';
import { createTestDatabase, TestDatabase } from '../support/test-databases';
import { migrate, testConfig } from '../support/test-app';

/**
 * The contract check every startTestApp request goes through (test/support/contract.ts), shown to fail: routes
 * added to the real app (so to its document, like any route) that break what they declare.
 */
describe('contract check of responses against the OpenAPI document [sqlite]', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    await migrate(database.config);
    app = await buildApp(testConfig(database.config));
    const declared = { 200: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false } };
    const options = { config: { access: 'public' as const }, schema: { operationId: 'contractDemo', response: declared } };
    app.get('/api/v1/contract/undeclared-status', options, async (_request, reply) => reply.code(202 as 200).send({ name: 'x' }));
    // a string is sent as it is, past the serializer that would drop the extra field
    app.get(
      '/api/v1/contract/extra-field',
      { ...options, schema: { ...options.schema, operationId: 'contractDemo2' } },
      async (_request, reply) => reply.type('application/json').send(JSON.stringify({ name: 'x', secret: 'leaked' })),
    );
    app.get('/api/v1/contract/kept', { ...options, schema: { ...options.schema, operationId: 'contractDemo3' } }, async () => ({
      name: 'x',
    }));
    await app.ready();
    enforceContract(app);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('fails a request whose route answers a status its operation does not declare', async () => {
    await expect(app.inject({ url: '/api/v1/contract/undeclared-status' })).rejects.toThrow(
      'GET /api/v1/contract/undeclared-status answered 202, a status its operation does not declare (200, 429, 500, 503)',
    );
  });

  it('fails a request whose body has a field the schema does not declare', async () => {
    await expect(app.inject({ url: '/api/v1/contract/extra-field' })).rejects.toThrow('must NOT have additional properties: secret');
  });

  it('fails a response without a header the document marks required', async () => {
    // no hook can be added after ready: the header is taken off the response the checker is given instead
    const response = await app.inject({ url: '/api/v1/contract/kept' });
    expect(response.statusCode).toBe(200);
    const checker = new ContractChecker(app.swagger() as never);
    expect(checker.problems('GET', '/api/v1/contract/kept', response)).toEqual([]);
    delete response.headers['x-request-id'];
    expect(checker.problems('GET', '/api/v1/contract/kept', response)).toEqual([
      'GET /api/v1/contract/kept answered 200 without its x-request-id header',
    ]);
  });

  it('checks the real routes too: a 404 for a missing product is declared and well-formed', async () => {
    const response = await app.inject({ url: '/api/v1/products/999' });
    expect(response.statusCode).toBe(404);
  });
});
