import { DataSource, EntityMetadata, QueryFailedError } from 'typeorm';
import {
  AppError,
  ConflictError,
  DatabaseUnavailableError,
  ReferenceNotFoundError,
  StillReferencedError,
  ValidationFailedError,
} from '../errors/app-error';
import { constraintOwner, foreignKeyNamed, foreignKeySide, knownConstraint, writtenTable } from './constraint-names';
import { parseDriverError, ConstraintViolation } from './constraint-violation';
import { databaseFault } from './database-faults';

/** The entity a violation is about: the one declaring the constraint, else the table named or written to. */
function entityFor(dataSource: DataSource, violation: ConstraintViolation, sql: string): EntityMetadata | undefined {
  const table = violation.table ?? writtenTable(sql);
  return constraintOwner(dataSource, violation.constraint) ?? dataSource.entityMetadatas.find((entity) => entity.tableName === table);
}

const REFERENCE_KINDS: ConstraintViolation['kind'][] = ['missing-reference', 'still-referenced', 'check'];

/**
 * The violation with its constraint spelled as the entities spell it and, for a foreign key, the side decided by
 * the statement (which table it writes) rather than by the driver's wording. Kinds other than a foreign key or a
 * check (SQL Server's 547 is either) are left as the error number said.
 */
function resolve(dataSource: DataSource, parsed: ConstraintViolation, sql: string): ConstraintViolation {
  const violation = { ...parsed, constraint: knownConstraint(dataSource, parsed) };
  const foreignKey = REFERENCE_KINDS.includes(violation.kind) ? foreignKeyNamed(dataSource, violation.constraint) : undefined;
  if (!foreignKey) return violation;
  return { ...violation, kind: foreignKeySide(foreignKey, sql) ?? (violation.kind === 'check' ? 'missing-reference' : violation.kind) };
}

/** The API field names behind a constraint or a column, e.g. `UQ_products_sku` → `sku`, `user_id` → `userId`. */
function fieldsOf(entity: EntityMetadata | undefined, violation: ConstraintViolation): string[] {
  if (!entity) return [];
  if (violation.column) {
    const column = entity.columns.find(
      (c) => c.databaseName === violation.column || `${entity.tableName}_${c.databaseName}` === violation.column,
    );
    return column ? [column.propertyName] : [violation.column];
  }
  const constraint = [...entity.uniques, ...entity.indices, ...entity.foreignKeys].find((c) => c.name === violation.constraint);
  if (constraint) return constraint.columns.map((c) => c.propertyName);
  // SQLite names no foreign key: when the table has exactly one, it is that one.
  if (violation.kind === 'missing-reference' && entity.foreignKeys.length === 1) {
    return entity.foreignKeys[0].columns.map((c) => c.propertyName);
  }
  return [];
}

/** For a refused delete: which resource was being deleted, and which table still points at it. */
function stillReferenced(dataSource: DataSource, violation: ConstraintViolation): StillReferencedError {
  const foreignKeys = dataSource.entityMetadatas.flatMap((entity) => entity.foreignKeys);
  // SQLite names no constraint: of the keys pointing at the table, only one that refuses deletes can be the
  // cause (a cascading one never is), whatever order the entities were loaded in.
  const refuses = (fk: (typeof foreignKeys)[number]) => !['CASCADE', 'SET NULL', 'SET DEFAULT'].includes(fk.onDelete ?? 'NO ACTION');
  const foreignKey =
    foreignKeys.find((fk) => fk.name === violation.constraint) ??
    foreignKeys.find((fk) => fk.referencedEntityMetadata.tableName === violation.table && refuses(fk));
  return new StillReferencedError(foreignKey?.referencedEntityMetadata.targetName ?? 'the record', foreignKey?.entityMetadata.tableName);
}

/**
 * Turns a unique / foreign-key / not-null / check / size violation from any engine into the domain error
 * that names the field, so a race the service could not see coming is a 409 or 422, never a 500.
 * A lost or refused connection is a DatabaseUnavailableError. Returns null for anything else.
 */
export function translateDriverError(dataSource: DataSource, error: unknown): AppError | null {
  // the connection, not the request: a 503 the client may retry (connection errors can arrive unwrapped)
  const fault = databaseFault(dataSource.options.type, error);
  if (fault?.kind === 'conflict') {
    return new DatabaseUnavailableError('The database could not complete the request because of concurrent changes; retry', fault);
  }
  if (fault) return new DatabaseUnavailableError(undefined, fault);
  if (!(error instanceof QueryFailedError)) return null;
  const parsed = parseDriverError(dataSource.options.type, error.driverError, error.query);
  if (!parsed) return null;
  const violation = resolve(dataSource, parsed, error.query);
  const entity = entityFor(dataSource, violation, error.query);
  const [field] = fieldsOf(entity, violation);
  switch (violation.kind) {
    case 'unique':
      return new ConflictError(field);
    case 'missing-reference': {
      const foreignKey = entity?.foreignKeys.find((fk) => fk.columns.some((c) => c.propertyName === field));
      return new ReferenceNotFoundError(field, foreignKey?.referencedEntityMetadata.targetName);
    }
    case 'still-referenced':
      return stillReferenced(dataSource, violation);
    case 'not-null':
      return new ValidationFailedError([{ field: field ?? 'unknown', reason: 'must not be null' }]);
    case 'check':
    case 'invalid-value':
      return new ValidationFailedError([{ field: field ?? 'unknown', reason: 'is not an allowed value' }]);
    case 'too-long':
      return new ValidationFailedError([{ field: field ?? 'unknown', reason: 'is too long for its column' }]);
    case 'out-of-range':
      return new ValidationFailedError([{ field: field ?? 'unknown', reason: 'is out of range for its column' }]);
  }
}
