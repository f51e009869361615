import { IsOptional, ValidateIf } from 'class-validator';

/**
 * May be left out, but never null: `{ "price": null }` is a 400, not a NOT NULL error from the database.
 * (class-validator's own IsOptional lets null through, so it is kept for columns that are nullable.)
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

/** May be left out or sent as null (a nullable column). */
export function Nullable(): PropertyDecorator {
  return IsOptional();
}
