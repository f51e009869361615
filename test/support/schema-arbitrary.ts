import fc from 'fast-check';

/** The JSON Schema keywords the API's schemas use (src/dto/dto-schema.ts), and no others. */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  anyOf?: Schema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  multipleOf?: number;
  minProperties?: number;
  $ref?: string;
}

const KNOWN = new Set([
  'type', 'properties', 'required', 'enum', 'anyOf', 'format', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum',
  'exclusiveMinimum', 'multipleOf', 'minProperties', 'additionalProperties', '$ref', 'title', 'description', 'examples', 'x-error',
]); // prettier-ignore

const length = (s: string) => [...s].length;

function stringOf(schema: Schema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 40;
  const fits = (s: string) => length(s) >= min && length(s) <= max;
  if (schema.format === 'email')
    return fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,15}$/), fc.nat(1e9)).map(([n, i]) => `${n}.${i}@example.com`);
  if (schema.format === 'date')
    return fc
      .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  if (schema.format === 'date-time')
    return fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  return fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, min + 40) }).filter(fits);
}

function numberOf(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const low = schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum : (schema.minimum ?? -1e6);
  const high = schema.maximum ?? 1e9;
  if (integer) return fc.integer({ min: Math.ceil(schema.exclusiveMinimum !== undefined ? low + 1 : low), max: Math.floor(high) });
  // multipleOf as the document means it, in decimal: whole multiples of the step, written as JSON writes them
  const step = schema.multipleOf ?? 0.001;
  const places = Math.max(0, -Math.floor(Math.log10(step)));
  const first = Math.floor(low / step) + 1;
  const multiples = fc.integer({ min: first, max: Math.floor(high / step) }).map((k) => Number((k * step).toFixed(places)));
  // half of them among those a validator dividing binary floats gets wrong (19.99 / 0.01 = 1998.9999999999998)
  return fc.oneof(
    multiples,
    multiples.filter((value) => !Number.isInteger(value / step)),
  );
}

/** Values the schema accepts: the generator of valid requests the property test sends. */
export function validValue(schema: Schema, resolve: (ref: string) => Schema): fc.Arbitrary<unknown> {
  if (schema.$ref) return validValue(resolve(schema.$ref), resolve);
  const unknown = Object.keys(schema).filter((key) => !KNOWN.has(key));
  if (unknown.length) throw new Error(`schema-arbitrary.ts: no generator for ${unknown.join(', ')}`);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((branch) => validValue({ ...schema, anyOf: undefined, ...branch }, resolve)));
  const types = [schema.type ?? 'string'].flat();
  return fc.oneof(
    ...types.map((type): fc.Arbitrary<unknown> => {
      switch (type) {
        case 'null':
          return fc.constant(null);
        case 'boolean':
          return fc.boolean();
        case 'integer':
          return numberOf(schema, true);
        case 'number':
          return numberOf(schema, false);
        case 'string':
          return stringOf(schema);
        case 'object': {
          const properties = schema.properties ?? {};
          const required = schema.required ?? [];
          const record = Object.fromEntries(Object.entries(properties).map(([name, child]) => [name, validValue(child, resolve)]));
          const optional = Object.keys(properties).filter((name) => !required.includes(name));
          return fc
            .record(record, { requiredKeys: required })
            .filter((value) => Object.keys(value).length >= (schema.minProperties ?? 0) || optional.length === 0);
        }
        default:
          throw new Error(`schema-arbitrary.ts: no generator for type ${type}`);
      }
    }),
  );
}

/** One way to break a schema for an object: a field of the wrong type, over its length, or not declared. */
export function invalidObject(schema: Schema, resolve: (ref: string) => Schema): fc.Arbitrary<Record<string, unknown>> {
  if (schema.$ref) return invalidObject(resolve(schema.$ref), resolve);
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  const base = validValue(schema, resolve) as fc.Arbitrary<Record<string, unknown>>;
  const breakField = fc.constantFrom(...names).chain((name) => {
    const field = properties[name];
    const types = [field.type ?? 'string'].flat();
    const wrong: unknown[] = [types.includes('string') ? 12345 : 'not-a-number', ...(types.includes('null') ? [] : [null]), [], {}];
    if (field.maxLength !== undefined) wrong.push('x'.repeat(field.maxLength + 1));
    return fc.tuple(fc.constant(name), fc.constantFrom(...wrong));
  });
  return fc.oneof(
    fc.tuple(base, breakField).map(([value, [name, bad]]) => ({ ...value, [name]: bad })),
    fc.tuple(base, fc.stringMatching(/^zz[a-z]{1,8}$/)).map(([value, extra]) => ({ ...value, [extra]: 'unexpected' })),
  );
}
