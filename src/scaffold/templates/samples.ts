import { ISO_INSTANT_RULE } from '../../dto/rules';
import { decimalMax, FieldSpec, INT_MAX } from '../field-spec';
import { quote } from './source';

/**
 * Valid and invalid values for each field, as TypeScript source. `n` is a number the caller picks: values grow
 * with it (so the generated list test knows the sort order of n = 1, 2, 3) and differ between rows (so unique
 * fields never collide).
 */

/** A value for row `n`, in terms of a variable `n`; references come from a `references` object. */
export function sampleExpression(field: FieldSpec, n = 'n'): string {
  const { type } = field;
  switch (type.kind) {
    case 'string':
    case 'text': {
      const text = `\`${field.name} \${${n}}\``;
      return type.length < field.name.length + 4 ? `${text}.slice(-${type.length})` : text;
    }
    case 'int':
      return n;
    case 'decimal':
      // (n % 9) + 1 stays within every decimal(p,s) this scaffold accepts
      if (type.scale === 0) return `(${n} % 9) + 1`;
      if (type.precision === type.scale) return `((${n} % 9) + 1) / 10`;
      return `(${n} % 9) + ${type.scale === 1 ? '1.5' : '1.25'}`;
    case 'bool':
      return `${n} % 2 === 0`;
    case 'datetime':
      return `new Date(Date.UTC(2030, 0, (${n} % 28) + 1, 9, 30)).toISOString()`;
    case 'enum':
      return `[${type.values.map(quote).join(', ')}][${n} % ${type.values.length}]`;
    case 'ref':
      return `references.${field.name}`;
  }
}

/** The same value as a constant, for seed files: row `n` of the sample data. */
export function sampleValue(field: FieldSpec, n: number, label: string): string | number | boolean {
  const { type } = field;
  switch (type.kind) {
    case 'string':
    case 'text':
      return `${label} ${n}`.slice(-type.length);
    case 'int':
      return n * 10;
    case 'decimal':
      return Number(Math.min(n * 10 + 0.99, decimalMax(type.precision, type.scale)).toFixed(type.scale));
    case 'bool':
      return n % 4 !== 0;
    case 'datetime':
      return new Date(Date.UTC(2030, n - 1, 15, 9, 30)).toISOString();
    case 'enum':
      return type.values[(n - 1) % type.values.length];
    case 'ref':
      throw new Error('references are looked up when the seed runs');
  }
}

export interface InvalidCase {
  /** TypeScript source of the value to send. */
  value: string;
  /** What the 400 says about the field. */
  reason: string;
}

/** The JSON type Ajv names in "must be of type ...". */
function jsonType(field: FieldSpec): string {
  const { type } = field;
  if (type.kind === 'int' || type.kind === 'ref' || (type.kind === 'decimal' && type.scale === 0)) return 'integer';
  if (type.kind === 'decimal') return 'number';
  if (type.kind === 'bool') return 'boolean';
  return 'string';
}

/** Values each field must refuse with a 400 naming it: past its bounds, the wrong type, null when not nullable. */
export function invalidCases(field: FieldSpec): InvalidCase[] {
  const { type } = field;
  const cases: InvalidCase[] = [];
  switch (type.kind) {
    case 'string':
      cases.push({ value: "''", reason: 'must not be empty' });
      cases.push({ value: `'x'.repeat(${type.length + 1})`, reason: `must be at most ${type.length} characters` });
      break;
    case 'text':
      cases.push({ value: `'x'.repeat(${type.length + 1})`, reason: `must be at most ${type.length} characters` });
      break;
    case 'int':
      cases.push({ value: '1.5', reason: 'must be of type integer' });
      cases.push({ value: String(INT_MAX + 1), reason: `must be <= ${INT_MAX}` });
      break;
    case 'decimal': {
      const max = decimalMax(type.precision, type.scale);
      if (type.scale > 0) cases.push({ value: `0.${'0'.repeat(type.scale)}5`, reason: `must have at most ${type.scale} decimal places` });
      else cases.push({ value: '1.5', reason: 'must be of type integer' });
      cases.push({ value: `1${'0'.repeat(type.precision - type.scale)}`, reason: `must be <= ${max}` });
      break;
    }
    case 'bool':
      cases.push({ value: "'yes'", reason: 'must be of type boolean' });
      break;
    case 'datetime':
      cases.push({ value: "'2030-02-30'", reason: ISO_INSTANT_RULE });
      break;
    case 'enum':
      cases.push({ value: "'not a value'", reason: `must be one of: ${type.values.join(', ')}` });
      break;
    case 'ref':
      cases.push({ value: '0', reason: 'must be >= 1' });
      break;
  }
  if (!field.nullable) {
    cases.push({
      value: 'null',
      reason: type.kind === 'enum' ? `must be one of: ${type.values.join(', ')}` : `must be of type ${jsonType(field)}`,
    });
  }
  return cases;
}
