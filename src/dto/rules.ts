import { fullFormats } from 'ajv-formats/dist/formats';
import { ValidateBy, ValidationOptions } from 'class-validator';

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

/** Decimals of a number as JSON writes it: 0.01 has 2, 5e-7 has 7, 100 has 0. */
function decimalsOf(value: number): number {
  const [mantissa, exponent = '0'] = String(value).split('e');
  return Math.max(0, (mantissa.split('.')[1] ?? '').length - Number(exponent));
}

/**
 * JSON Schema's `multipleOf` read in decimal, as JSON numbers are written: 19.99 is a multiple of 0.01 (Ajv's
 * binary division, 19.99 / 0.01 = 1998.9999999999998, says no), 0.1 + 0.2 = 0.30000000000000004 is not. The
 * server's Ajv uses this for every `multipleOf` (src/http/validator-compiler.ts); see the README on prices.
 */
export function isDecimalMultipleOf(value: unknown, divisor: number): boolean {
  const places = decimalsOf(divisor);
  if (!hasAtMostDecimalPlaces(value, places)) return false;
  const scale = 10 ** places;
  return Math.round((value as number) * scale) % Math.round(divisor * scale) === 0;
}

const DATE = fullFormats.date as { validate: (value: string) => boolean };
const DATE_TIME = fullFormats['date-time'] as { validate: (value: string) => boolean };

/**
 * A calendar date (`2024-01-15`) or an RFC 3339 date-time with its time zone (`2024-01-15T10:30:00Z`): JSON
 * Schema's `date` and `date-time` formats, checked by the very functions the server's Ajv uses (ajv-formats,
 * full mode, which also refuses `2024-02-30`), so the decorator and the compiled schema agree.
 */
export function isIsoInstant(value: unknown): boolean {
  return typeof value === 'string' && (DATE.validate(value) || DATE_TIME.validate(value));
}

export const ISO_INSTANT_RULE = 'must be a date (2024-01-15) or a date-time with a time zone (2024-01-15T10:30:00Z)';

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
      validator: { validate: isIsoInstant, defaultMessage: () => `$property ${ISO_INSTANT_RULE}` },
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
