import { ValidateBy, ValidationOptions } from 'class-validator';
import isISO8601 from 'validator/lib/isISO8601';

/**
 * Rules whose exact meaning matters at the edges, written once and used both by the class-validator
 * decorators and by the Ajv keywords the request schemas compile to (src/http/validator-compiler.ts).
 */

/** True when `value` is the double nearest to a number with at most `places` decimals (19.99 yes, 0.1+0.2 no). */
export function hasAtMostDecimalPlaces(value: unknown, places: number): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  const scale = 10 ** places;
  return Math.round(value * scale) / scale === value;
}

/** An ISO 8601 date or date-time that also names a real instant (`2024-02-30` and week dates are refused). */
export function isIsoInstant(value: unknown): boolean {
  return (
    typeof value === 'string' && isISO8601(value, { strict: true }) && /^\d{4}-\d\d-\d\d/.test(value) && !Number.isNaN(Date.parse(value))
  );
}

export function MaxDecimalPlaces(places: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxDecimalPlaces',
      constraints: [places],
      validator: {
        validate: (value) => hasAtMostDecimalPlaces(value, places),
        defaultMessage: () => `$property must have at most ${places} decimal places`,
      },
    },
    options,
  );
}

export function IsIsoInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoInstant',
      validator: { validate: isIsoInstant, defaultMessage: () => '$property must be an ISO 8601 date or date-time' },
    },
    options,
  );
}

/** Length in code points, as Ajv's minLength/maxLength and the database's varchar count it (validator.js's
 * isLength, behind @Length, skips variation selectors such as U+FE0F, so 255 letters + U+FE0F would pass it
 * and then be 256 characters for PostgreSQL). */
export function textLengthWithin(value: unknown, min: number, max: number): boolean {
  if (typeof value !== 'string') return false;
  const length = [...value].length;
  return length >= min && length <= max;
}

export function TextLength(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'textLength',
      constraints: [min, max],
      validator: {
        validate: (value) => textLengthWithin(value, min, max),
        defaultMessage: () => `$property must be ${min} to ${max} characters long`,
      },
    },
    options,
  );
}
