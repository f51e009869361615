import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import isEmail from 'validator/lib/isEmail';
import { hasAtMostDecimalPlaces, isIsoInstant } from '../dto/rules';

/**
 * Two Ajv instances instead of Fastify's one: query strings and path params arrive as text and are coerced
 * (`?page=2`), bodies are JSON and are not (`"price": "12"` is a 400, not a silent conversion). Neither strips
 * unknown fields (Fastify's default removeAdditional would): the schemas say additionalProperties: false, so
 * an unknown field is a 400 that names it. `email`, `iso8601` and `x-decimal-places` are checked by the same
 * functions as the class-validator decorators, so the compiled schema and the decorators agree.
 */
function createAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ coerceTypes, useDefaults: false, removeAdditional: false, allErrors: true, verbose: true, strict: false });
  addFormats(ajv);
  // The DTO's own wording for a rule (e.g. which sort fields exist), shown instead of Ajv's generic one.
  ajv.addKeyword({ keyword: 'x-error', schemaType: 'string' });
  ajv.addFormat('email', { type: 'string', validate: (value: string) => isEmail(value) });
  ajv.addFormat('iso8601', { type: 'string', validate: isIsoInstant });
  // Not multipleOf: 1234567.89 / 0.01 is not an integer in floating point, and a tolerance lets 0.1 + 0.2 in.
  ajv.addKeyword({
    keyword: 'x-decimal-places',
    type: 'number',
    schemaType: 'number',
    validate: (places: number, value: number) => hasAtMostDecimalPlaces(value, places),
  });
  return ajv;
}

/**
 * Fastify's `schemaController.compilersFactory.buildValidator`: called with the shared schemas (the DTO
 * components added with addSchema) whenever a context's schemas change, so `$ref`s resolve in both instances.
 */
export function buildValidator(externalSchemas: Record<string, unknown> = {}) {
  const bodies = createAjv(false);
  const textual = createAjv(true);
  for (const schema of Object.values(externalSchemas)) {
    bodies.addSchema(schema as object);
    textual.addSchema(schema as object);
  }
  return ({ schema, httpPart }: { schema: unknown; httpPart?: string }): ValidateFunction => {
    const ajv = httpPart === 'body' ? bodies : textual;
    const id = (schema as { $id?: string }).$id;
    return (id ? ajv.getSchema(id) : undefined) ?? (ajv.compile(schema as object) as ValidateFunction);
  };
}
