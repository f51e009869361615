import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import isEmail from 'validator/lib/isEmail';
import { isDecimalMultipleOf } from '../dto/rules';

/**
 * Two Ajv instances instead of Fastify's one: query strings and path params arrive as text and are coerced
 * (`?page=2`), bodies are JSON and are not (`"price": "12"` is a 400, not a silent conversion). Neither strips
 * unknown fields (Fastify's default removeAdditional would): the schemas say additionalProperties: false, so
 * an unknown field is a 400 that names it. `email`, `date`, `date-time` and `multipleOf` are checked by the same
 * functions as the class-validator decorators, so the compiled schema and the decorators agree.
 */
function createAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ coerceTypes, useDefaults: false, removeAdditional: false, allErrors: true, verbose: true, strict: false });
  addFormats(ajv);
  // The DTO's own wording for a rule (e.g. which sort fields exist), shown instead of Ajv's generic one.
  ajv.addKeyword({ keyword: 'x-error', schemaType: 'string' });
  ajv.addFormat('email', { type: 'string', validate: (value: string) => isEmail(value) });
  // multipleOf in decimal, as the JSON text reads: Ajv's own divides binary floats (19.99 / 0.01 = 1998.9999999999998,
  // refused) and its multipleOfPrecision tolerance lets 0.1 + 0.2 in. The document says the standard keyword.
  ajv.removeKeyword('multipleOf');
  ajv.addKeyword({
    keyword: 'multipleOf',
    type: 'number',
    schemaType: 'number',
    validate: (divisor: number, value: number) => isDecimalMultipleOf(value, divisor),
  });
  return ajv;
}

type Compile = (route: { schema: unknown; httpPart?: string }) => ValidateFunction;

/**
 * A request with no body at all (Fastify passes null) is judged as an empty object first, so it hears which fields it needs
 * (`refreshToken is required`) rather than Ajv's "body must be of type object"; a body whose fields are all
 * optional still needs one, and says how to send it.
 */
function namingWhatAMissingBodyNeeds(validate: ValidateFunction): ValidateFunction {
  const judge = ((data: unknown) => {
    if (data !== undefined && data !== null) {
      const valid = validate(data);
      judge.errors = validate.errors;
      return valid;
    }
    judge.errors = validate({})
      ? [{ instancePath: '', schemaPath: '#/type', keyword: 'type', params: { type: 'object' }, message: 'must be a JSON object' }]
      : validate.errors;
    return false;
  }) as ValidateFunction;
  return judge;
}

/**
 * Fastify's `schemaController.compilersFactory.buildValidator`, one per app. Fastify calls it with the shared
 * schemas (the DTO components added with addSchema) whenever a context's schemas change, and in a context that
 * added any that means once per route: 133 times at boot, two fresh Ajv instances each, 1.2 s of startup. One pair
 * per app takes the schemas it has not seen yet; a $id that comes back with another body (two sibling contexts
 * each defining their own) gets a pair of its own, so `$ref`s still resolve to what that context declared.
 */
export function createValidatorBuilder(): (externalSchemas?: Record<string, unknown>) => Compile {
  let current: { bodies: Ajv; textual: Ajv; known: Map<string, string> } | undefined;
  return (externalSchemas = {}) => {
    const schemas = Object.values(externalSchemas) as Array<{ $id?: string }>;
    const texts = schemas.map((schema) => JSON.stringify(schema));
    const clashes =
      current && schemas.some((schema, i) => schema.$id && current!.known.has(schema.$id) && current!.known.get(schema.$id) !== texts[i]);
    if (!current || clashes) current = { bodies: createAjv(false), textual: createAjv(true), known: new Map() };
    const { bodies, textual, known } = current;
    schemas.forEach((schema, i) => {
      if (schema.$id && known.has(schema.$id)) return;
      bodies.addSchema(schema);
      textual.addSchema(schema);
      if (schema.$id) known.set(schema.$id, texts[i]);
    });
    return ({ schema, httpPart }) => {
      const ajv = httpPart === 'body' ? bodies : textual;
      const id = (schema as { $id?: string }).$id;
      const validate = (id ? ajv.getSchema(id) : undefined) ?? (ajv.compile(schema as object) as ValidateFunction);
      return httpPart === 'body' ? namingWhatAMissingBodyNeeds(validate) : validate;
    };
  };
}
