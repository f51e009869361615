import Ajv from 'ajv';
import Fastify from 'fastify';
import { createValidatorBuilder } from '../../src/http/validator-compiler';

const component = (id: string, maxLength: number) => ({ $id: id, type: 'object', properties: { name: { type: 'string', maxLength } } });

describe('createValidatorBuilder', () => {
  it('keeps one pair of Ajv instances for an app, so a boot costs a compile per route, not two instances per route', async () => {
    const addSchema = jest.spyOn(Ajv.prototype, 'addSchema');
    try {
      const app = Fastify({ schemaController: { compilersFactory: { buildValidator: createValidatorBuilder() } } });
      app.addSchema(component('Thing', 5));
      for (let i = 0; i < 20; i++) app.post(`/things/${i}`, { schema: { body: { $ref: 'Thing#' } } }, async () => ({ ok: true }));
      await app.ready();
      // Ajv adds its own meta-schemas once per instance: count only ours
      const ours = addSchema.mock.calls.filter(([schema]) => (schema as { $id?: string }).$id === 'Thing');
      expect(ours).toHaveLength(2); // once in the body instance, once in the coercing one; 40 when rebuilt per route
      expect((await app.inject({ method: 'POST', url: '/things/19', payload: { name: 'abc' } })).statusCode).toBe(200);
      expect((await app.inject({ method: 'POST', url: '/things/19', payload: { name: 'abcdef' } })).statusCode).toBe(400);
      await app.close();
    } finally {
      addSchema.mockRestore();
    }
  });

  it('takes schemas added later, and gives a $id that comes back with another body its own instances', () => {
    const build = createValidatorBuilder();
    const first = build({ Thing: component('Thing', 5) });
    const later = build({ Thing: component('Thing', 5), Other: component('Other', 2) });
    expect(first({ schema: { $ref: 'Thing#' }, httpPart: 'body' })({ name: 'abcdef' })).toBe(false);
    expect(later({ schema: { $ref: 'Other#' }, httpPart: 'body' })({ name: 'abc' })).toBe(false);
    const sibling = build({ Thing: component('Thing', 10) });
    expect(sibling({ schema: { $ref: 'Thing#' }, httpPart: 'body' })({ name: 'abcdef' })).toBe(true);
    expect(first({ schema: { $ref: 'Thing#' }, httpPart: 'body' })({ name: 'abcdef' })).toBe(false);
  });

  it('judges a missing body (null from Fastify) by the fields it needs, and asks for an object when none is required', () => {
    const compile = createValidatorBuilder()();
    const needsName = compile({
      schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
      httpPart: 'body',
    });
    expect(needsName(null)).toBe(false);
    expect(needsName.errors?.map((e) => [e.keyword, e.params])).toEqual([['required', { missingProperty: 'name' }]]);
    const optional = compile({ schema: { type: 'object', properties: { name: { type: 'string' } } }, httpPart: 'body' });
    expect(optional(null)).toBe(false);
    expect(optional.errors?.map((e) => e.message)).toEqual(['must be a JSON object']);
    expect(optional({ name: 'a' })).toBe(true);
    expect(optional.errors).toBeNull();
  });
});
