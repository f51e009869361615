import type { ValueTransformer } from 'typeorm';

/** pg and mysql2 return DECIMAL as a string to keep precision; prices fit a double, so the API speaks numbers. */
export const decimalToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
