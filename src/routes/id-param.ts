/** The largest id an `int` primary key holds (SQL Server, MariaDB and PostgreSQL `int`; SQLite's is wider). */
export const MAX_ID = 2_147_483_647;

/**
 * A regular expression for the canonical decimal numbers 1..max: no sign, no leading zero, no space, no `0x`,
 * `0b`, `1e1` or `1.0`. Built digit by digit so the range is part of the schema (and of the OpenAPI document),
 * e.g. for 2147483647: `[1-9][0-9]{0,8}` | `1[0-9]{9}` | `20[0-9]{8}` | ... | `214748364[0-7]`.
 */
export function decimalUpTo(max: number): string {
  const digits = String(max);
  const shorter = digits.length > 1 ? [`[1-9][0-9]{0,${digits.length - 2}}`] : [];
  const sameLength = [...digits].flatMap((digit, i) => {
    const low = i === 0 ? 1 : 0;
    const below = Number(digit) - 1;
    const rest = digits.length - i - 1;
    if (below < low) return [];
    const range = below === low ? String(low) : `[${low}-${below}]`;
    return [`${digits.slice(0, i)}${range}${rest ? `[0-9]{${rest}}` : ''}`];
  });
  return `^(?:${[...shorter, ...sameLength, digits].join('|')})$`;
}

/**
 * Path params arrive as text and the textual Ajv coerces types, so `{ type: 'integer' }` read `0x10` as 16 and
 * `1e1`, `+1`, ` 1`, `0b1`, `1.0` as real ids (Number() accepts them all). The id is checked as text instead and
 * converted by the route with `Number`, which is exact for these digits.
 */
export const idParams = {
  type: 'object',
  properties: {
    id: {
      type: 'string',
      pattern: decimalUpTo(MAX_ID),
      'x-error': `must be a whole number from 1 to ${MAX_ID}, written in decimal digits`,
      description: `A record id: 1 to ${MAX_ID}, decimal digits only`,
    },
  },
  required: ['id'],
  additionalProperties: false,
};
