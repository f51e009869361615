import type { DataSource, EntityMetadata } from 'typeorm';
import type { ForeignKeyMetadata } from 'typeorm/metadata/ForeignKeyMetadata';
import type { ConstraintViolation } from './constraint-violation';

type Side = 'missing-reference' | 'still-referenced';

/** The table a statement writes to (last part of `"dbo"."products"`, `` `app`.`products` ``, `[products]`). */
export const writtenTable = (sql: string) =>
  /^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?:[`"[]?\w+[`"\]]?\.)*[`"[]?(\w+)/i.exec(sql)?.[1];

const statementOf = (sql: string) => /^\s*(\w+)/.exec(sql)?.[1].toUpperCase();

/** SQL Server and MariaDB compare names without case by default, and some endpoints lowercase them. */
const same = (a: string | undefined, b: string | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

const namesOf = (entity: EntityMetadata) =>
  [...entity.uniques, ...entity.indices, ...entity.foreignKeys, ...entity.checks].map((c) => c.name);

/** The entity that declares a unique, index, foreign key or check of that name. */
export function constraintOwner(dataSource: DataSource, name: string | undefined): EntityMetadata | undefined {
  return dataSource.entityMetadatas.find((entity) => namesOf(entity).some((n) => same(n, name)));
}

/**
 * The constraint a violation is about, as the entities spell it: the one the driver named when the entities know
 * it (PostgreSQL's `constraint`, or an English message parsed), else the first identifier of the message that is
 * a known constraint (a message in another language), else whatever the driver named.
 */
export function knownConstraint(dataSource: DataSource, violation: ConstraintViolation): string | undefined {
  const spelled = (name: string | undefined) =>
    name && dataSource.entityMetadatas.flatMap(namesOf).find((known): known is string => same(known, name));
  return spelled(violation.constraint) || violation.identifiers?.map(spelled).find(Boolean) || violation.constraint;
}

export function foreignKeyNamed(dataSource: DataSource, name: string | undefined): ForeignKeyMetadata | undefined {
  return dataSource.entityMetadatas.flatMap((entity) => entity.foreignKeys).find((fk) => same(fk.name, name));
}

/**
 * Which side of a foreign key the statement broke: writing the child (its parent is missing, 422) or deleting or
 * re-keying the parent (still referenced, 409). Undefined when the statement cannot tell, e.g. an UPDATE of a
 * table that references itself: the driver's own wording decides then.
 */
export function foreignKeySide(foreignKey: ForeignKeyMetadata, sql: string): Side | undefined {
  const table = writtenTable(sql);
  const child = same(table, foreignKey.entityMetadata.tableName);
  const parent = same(table, foreignKey.referencedEntityMetadata.tableName);
  switch (statementOf(sql)) {
    case 'INSERT':
      return child ? 'missing-reference' : undefined;
    case 'DELETE':
      return parent ? 'still-referenced' : undefined;
    case 'UPDATE':
      if (child === parent) return undefined;
      return child ? 'missing-reference' : 'still-referenced';
    default:
      return undefined;
  }
}
