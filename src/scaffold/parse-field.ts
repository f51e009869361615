import {
  FieldSpec,
  FieldType,
  INT_MAX,
  INT_MIN,
  MAX_DECIMAL_PRECISION,
  MAX_INDEXED_STRING_LENGTH,
  MAX_STRING_LENGTH,
  ReferencedEntity,
} from './field-spec';
import { lowerFirst } from './naming';
import { UsageError } from './usage-error';

/** What the parser needs to know about the project: the entities a `ref(...)` may name. */
export interface ProjectIndex {
  entity(className: string): ReferencedEntity | undefined;
  entityNames(): string[];
  /** Whether test/support/factories.ts exports `create<ClassName>(app)`, which the generated test uses for refs. */
  hasFactory(className: string): boolean;
}

export const TYPE_NAMES = ['string:LEN', 'text[:LEN]', 'int', 'decimal:P,S', 'bool', 'datetime', 'enum(a,b,...)', 'ref(Entity)'];

/** Types people reach for that are left out on purpose, and what to write instead. */
const REFUSED_TYPES: Record<string, string> = {
  bigint: 'bigint is not supported: values past 2^53 do not survive a JSON number; use int, or decimal:15,0',
  date: 'date is not supported (a calendar day means a different day in each time zone); use datetime, an instant',
  timestamp: 'use datetime (an instant)',
  float: 'use decimal:P,S (exact, and the same on every engine)',
  number: 'use int or decimal:P,S',
  json: 'json is not portable across the four engines; use text and parse it in the service',
};

const TYPE_ALIASES: Record<string, string> = { integer: 'int', boolean: 'bool', numeric: 'decimal' };

interface TypeText {
  base: string;
  inner?: string;
  args: string[];
}

function parseCount(token: string, text: string, what: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${token}: ${what} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return Number(text);
}

function noArgs(token: string, { base, inner, args }: TypeText): void {
  if (inner !== undefined || args.length) throw new UsageError(`${token}: ${base} takes no arguments`);
}

/** `enum:a,b` and `ref:User` are `enum(a,b)` and `ref(User)` without the parentheses a shell wants quoted. */
function withoutParentheses(text: TypeText): TypeText {
  if ((text.base === 'enum' || text.base === 'ref') && text.inner === undefined && text.args.length) {
    return { base: text.base, inner: text.args[0], args: text.args.slice(1) };
  }
  return text;
}

function parseType(token: string, name: string, given: TypeText, project: ProjectIndex): FieldType {
  const text = withoutParentheses(given);
  const base = TYPE_ALIASES[text.base] ?? text.base;
  const [arg, ...extra] = text.args;
  if (extra.length) throw new UsageError(`${token}: unexpected ":${extra.join(':')}" (only :unique may follow the type)`);
  switch (base) {
    case 'string':
      if (arg === undefined || text.inner !== undefined) throw new UsageError(`${token}: string needs a length, e.g. ${name}:string:255`);
      return { kind: 'string', length: parseCount(token, arg, 'the length', 1, MAX_STRING_LENGTH) };
    case 'text':
      if (text.inner !== undefined) throw new UsageError(`${token}: text takes an optional length, e.g. ${name}:text:2000`);
      return { kind: 'text', length: arg === undefined ? MAX_STRING_LENGTH : parseCount(token, arg, 'the length', 1, MAX_STRING_LENGTH) };
    case 'decimal': {
      const match = /^(\d+),(\d+)$/.exec(arg ?? '');
      if (!match || text.inner !== undefined)
        throw new UsageError(`${token}: decimal needs precision and scale, e.g. ${name}:decimal:10,2`);
      const precision = parseCount(token, match[1], 'the precision', 1, MAX_DECIMAL_PRECISION);
      return { kind: 'decimal', precision, scale: parseCount(token, match[2], 'the scale', 0, precision) };
    }
    case 'enum': {
      if (text.inner === undefined || arg !== undefined)
        throw new UsageError(`${token}: list the values, e.g. ${name}:enum(active,inactive)`);
      const values = text.inner.split(',').map((value) => value.trim());
      const bad = values.find((value) => !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(value));
      if (bad !== undefined) throw new UsageError(`${token}: enum value "${bad}" must be letters, digits, "_" or "-"`);
      const repeated = values.find((value, index) => values.indexOf(value) !== index);
      if (repeated) throw new UsageError(`${token}: enum value "${repeated}" is listed twice`);
      return { kind: 'enum', values };
    }
    case 'ref': {
      if (text.inner === undefined || arg !== undefined) throw new UsageError(`${token}: name the entity, e.g. userId:ref(User)`);
      const target = project.entity(text.inner);
      if (!target) {
        throw new UsageError(`${token}: there is no entity ${text.inner} in src/entities (there are: ${project.entityNames().join(', ')})`);
      }
      if (!/^[a-z][a-zA-Z0-9]*Id$/.test(name)) {
        throw new UsageError(
          `${token}: a reference is named after its relation plus Id, e.g. ${lowerFirst(target.className)}Id:ref(${target.className})`,
        );
      }
      if (target.className !== 'User' && !project.hasFactory(target.className)) {
        throw new UsageError(
          `${token}: the generated test needs a create${target.className}(app) factory in test/support/factories.ts to make a ${target.className} to refer to; add it, then run again`,
        );
      }
      return { kind: 'ref', target };
    }
    case 'int':
    case 'bool':
    case 'datetime':
      noArgs(token, text);
      return { kind: base };
    default:
      if (REFUSED_TYPES[base]) throw new UsageError(`${token}: ${REFUSED_TYPES[base]}`);
      throw new UsageError(`${token}: unknown type "${text.base}" (types: ${TYPE_NAMES.join(', ')})`);
  }
}

function parseDefault(token: string, type: FieldType, text: string): string | number | boolean {
  const refuse = (why: string): never => {
    throw new UsageError(`${token}: default "${text}" ${why}`);
  };
  if (text === '') refuse('is empty: write a value after =, or leave out the =');
  switch (type.kind) {
    case 'string':
    case 'text':
      if ([...text].length > type.length) refuse(`is longer than ${type.length} characters`);
      return text;
    case 'int':
      if (!/^-?\d+$/.test(text) || Number(text) < INT_MIN || Number(text) > INT_MAX) refuse(`is not an int (${INT_MIN} to ${INT_MAX})`);
      return Number(text);
    case 'bool':
      if (text !== 'true' && text !== 'false') refuse('is not true or false');
      return text === 'true';
    case 'enum':
      if (!type.values.includes(text)) refuse(`is not one of the values (${type.values.join(', ')})`);
      return text;
    case 'decimal':
      // PostgreSQL hands a DECIMAL default back as text, so TypeORM would never see the schema match the entity
      return refuse('is not supported for a decimal field (it would show as drift on PostgreSQL); set it in the service instead');
    case 'datetime':
    case 'ref':
      return refuse(`is not supported for a ${type.kind} field (only string, text, int, bool and enum take defaults)`);
  }
}

/** `name:type[:args][:unique][=default][?]` → a field, or a UsageError naming the token and what is wrong. */
export function parseField(token: string, project: ProjectIndex): FieldSpec {
  const nullable = token.endsWith('?');
  const withoutMark = nullable ? token.slice(0, -1) : token;
  const equals = withoutMark.indexOf('=');
  const spec = equals < 0 ? withoutMark : withoutMark.slice(0, equals);
  const colon = spec.indexOf(':');
  if (colon < 0) throw new UsageError(`${token}: expected name:type, e.g. name:string:255 (see --help)`);
  const name = spec.slice(0, colon);
  const parts = spec.slice(colon + 1).split(':');
  const unique = parts[parts.length - 1] === 'unique' && parts.length > 1;
  if (unique) parts.pop();
  const head = /^([a-z]+)(?:\((.*)\))?$/i.exec(parts[0]);
  if (!head) throw new UsageError(`${token}: "${parts[0]}" is not a type (types: ${TYPE_NAMES.join(', ')})`);
  const type = parseType(token, name, { base: head[1].toLowerCase(), inner: head[2], args: parts.slice(1) }, project);

  if (unique) {
    const indexable = type.kind === 'int' || (type.kind === 'string' && type.length <= MAX_INDEXED_STRING_LENGTH);
    if (!indexable)
      throw new UsageError(`${token}: :unique is for int fields and string fields up to ${MAX_INDEXED_STRING_LENGTH} characters`);
    if (nullable)
      throw new UsageError(`${token}: a unique field cannot be nullable (SQL Server allows one NULL in a unique column, the others many)`);
    if (equals >= 0) throw new UsageError(`${token}: a unique field cannot have a default (the second row left without it would collide)`);
  }
  const field: FieldSpec = { name, type, nullable, unique };
  if (equals >= 0) field.default = parseDefault(token, type, withoutMark.slice(equals + 1));
  return field;
}
