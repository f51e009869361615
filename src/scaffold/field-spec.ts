import type { ResourceNames } from './naming';

/** A field's type, as given on the command line (`string:255`, `decimal:10,2`, `enum(a,b)`, `ref(User)`). */
export type FieldType =
  | { kind: 'string'; length: number }
  | { kind: 'text'; length: number }
  | { kind: 'int' }
  | { kind: 'decimal'; precision: number; scale: number }
  | { kind: 'bool' }
  | { kind: 'datetime' }
  | { kind: 'enum'; values: string[] }
  | { kind: 'ref'; target: ReferencedEntity };

/** An existing entity a `ref(...)` field points at, and where its classes live. */
export interface ReferencedEntity {
  className: string;
  /** `user.entity` (in src/entities). */
  entityFile: string;
  /** `UsersRepository` in `users.repository` (in src/repositories). */
  repositoryClass: string;
  repositoryFile: string;
}

export interface FieldSpec {
  /** camelCase property name; the column is its snake_case. */
  name: string;
  type: FieldType;
  /** `?`: the column accepts NULL and the API field may be left out or sent as null. */
  nullable: boolean;
  /** `:unique`: a named unique constraint, `UQ_<table>_<column>`. */
  unique: boolean;
  /** `=value`: the database default; the API field may be left out. */
  default?: string | number | boolean;
}

export interface ResourceSpec {
  names: ResourceNames;
  fields: FieldSpec[];
}

export const INT_MIN = -2_147_483_648;
export const INT_MAX = 2_147_483_647;
/** Past this, a string column cannot be an ordinary nvarchar on SQL Server, nor indexed on every engine. */
export const MAX_STRING_LENGTH = 4000;
/** Strings up to this length are sortable: their (field, id) index fits SQL Server's and MariaDB's key limits. */
export const MAX_INDEXED_STRING_LENGTH = 255;
/** Decimal digits a JSON number (an IEEE double) carries exactly. */
export const MAX_DECIMAL_PRECISION = 15;

/** The API must be able to leave it out on create: it is nullable or the database fills it in. */
export const isRequired = (field: FieldSpec) => !field.nullable && field.default === undefined;

/** Sortable fields get a (field, id) index and appear in the SortBy whitelist; NULLs would break keyset paging. */
export function isSortable(field: FieldSpec): boolean {
  if (field.nullable) return false;
  switch (field.type.kind) {
    case 'string':
      return field.type.length <= MAX_INDEXED_STRING_LENGTH;
    case 'int':
    case 'decimal':
    case 'datetime':
      return true;
    default:
      return false;
  }
}

/** Fields the list endpoint filters on with `?field=value`: the ones with few distinct values, and references. */
export const isFilter = (field: FieldSpec) => ['bool', 'enum', 'ref'].includes(field.type.kind);

/** `ref` fields are named `<relation>Id`; the relation property is the name without `Id`. */
export const relationName = (field: FieldSpec) => field.name.replace(/Id$/, '');

/** The largest value a DECIMAL(p,s) holds, e.g. 99999999.99 for (10,2). */
export function decimalMax(precision: number, scale: number): number {
  return Number(`${'9'.repeat(precision - scale) || '0'}.${'9'.repeat(scale)}`);
}
