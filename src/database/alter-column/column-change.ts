import type { PortableColumn } from '../portable-schema';

export interface ColumnChange extends Partial<Omit<PortableColumn, 'name' | 'default'>> {
  /** New default. `null` drops the default; omitted keeps the current one. */
  default?: PortableColumn['default'] | null;
  /**
   * PostgreSQL only: how to compute the new value from the old (`ALTER COLUMN ... TYPE ... USING <using>`), e.g.
   * `"price"::numeric / 100`. Without it the server's assignment cast is used, or an explicit cast to the new type
   * where PostgreSQL has no assignment cast (string → int/decimal/boolean, int ↔ boolean, to and from enums).
   * Other engines convert implicitly; a real data transformation belongs in an UPDATE before the change.
   */
  using?: string;
  /**
   * Set every NULL in the column to this value first (bound as a parameter), so a change to NOT NULL can go
   * through. Without it, NULLs in a column made NOT NULL are refused with their count.
   */
  fillNulls?: string | number | boolean;
}

/** A change refused before anything ran: it would have truncated, rounded or rejected `rows` rows. */
export class ColumnChangeRefusedError extends Error {
  override name = 'ColumnChangeRefusedError';

  constructor(
    readonly table: string,
    readonly column: string,
    readonly rows: number,
    message: string,
  ) {
    super(message);
  }
}
