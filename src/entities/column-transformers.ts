import type { ValueTransformer } from 'typeorm';

/** pg and mysql2 return DECIMAL as a string to keep precision; prices fit a double, so the API speaks numbers. */
export const decimalToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/**
 * `bigint` columns as strings, as pg and mysql2 return them (a JS number is exact only to 2^53). better-sqlite3
 * returns a number, which this makes a string too, so the entity's type holds on every engine; on SQLite a value
 * past 2^53 is already rounded when it is read.
 */
export const bigintToString: ValueTransformer = {
  to: (value: string | null | undefined) => value,
  from: (value: string | number | bigint | null) => (value === null ? null : String(value)),
};
