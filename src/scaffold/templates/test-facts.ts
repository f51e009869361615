import { FieldSpec, isFilter, isRequired, isSortable, ResourceSpec } from '../field-spec';
import type { ResourceNames } from '../naming';
import { literal } from './source';

const PATCH_PREFERENCE: Array<FieldSpec['type']['kind']> = ['string', 'text', 'int', 'decimal', 'datetime', 'enum', 'bool', 'ref'];

/** What the generated integration test needs to know about the resource, worked out once for every block of it. */
export interface TestFacts {
  names: ResourceNames;
  fields: FieldSpec[];
  /** `/api/v1/gadgets`. */
  route: string;
  /** `GadgetBody`: the response's type in the test. */
  body: string;
  refs: FieldSpec[];
  required: FieldSpec[];
  /** Left out of a create, the database fills them in. */
  optional: FieldSpec[];
  nullable: FieldSpec[];
  sortable: FieldSpec[];
  filters: FieldSpec[];
  strings: FieldSpec[];
  uniques: FieldSpec[];
  /** The field the PATCH tests change: a string if there is one, as it shows the change best. */
  patched: FieldSpec;
}

export function testFacts({ names, fields }: ResourceSpec): TestFacts {
  return {
    names,
    fields,
    route: `/api/v1/${names.pluralKebab}`,
    body: `${names.className}Body`,
    refs: fields.filter((field) => field.type.kind === 'ref'),
    required: fields.filter(isRequired),
    optional: fields.filter((field) => !isRequired(field)),
    nullable: fields.filter((field) => field.nullable),
    sortable: fields.filter(isSortable),
    filters: fields.filter(isFilter),
    strings: fields.filter((field) => field.type.kind === 'string' || field.type.kind === 'text'),
    uniques: fields.filter((field) => field.unique),
    patched: [...fields].sort((a, b) => PATCH_PREFERENCE.indexOf(a.type.kind) - PATCH_PREFERENCE.indexOf(b.type.kind))[0],
  };
}

export function bodyType(field: FieldSpec): string {
  const type = {
    string: 'string',
    text: 'string',
    datetime: 'string',
    enum: 'string',
    bool: 'boolean',
    int: 'number',
    decimal: 'number',
    ref: 'number',
  }[field.type.kind];
  return field.nullable ? `${type} | null` : type;
}

/** What the database fills in for a field left out of a create: its default, else null. */
export const filledIn = (field: FieldSpec) => (field.default === undefined ? 'null' : literal(field.default));

/** The factory (test/support/factories.ts) that makes a row to refer to; a User is the logged-in one instead. */
export function factoryOf(field: FieldSpec): string | undefined {
  if (field.type.kind !== 'ref' || field.type.target.className === 'User') return undefined;
  return `create${field.type.target.className}`;
}

export const referenceSource = (field: FieldSpec) => (factoryOf(field) ? `(await ${factoryOf(field)}(app)).id` : 'user.id');
export const targetOf = (field: FieldSpec) => (field.type.kind === 'ref' ? field.type.target.className : '');
export const lengthOf = (field: FieldSpec) => (field.type.kind === 'string' || field.type.kind === 'text' ? field.type.length : 0);

/** `a, b and c`. */
export function describeList(names: string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
