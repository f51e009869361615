/** What a list query asks the repository for, already validated and whitelisted by the service. */
export interface Filter {
  field: string;
  op: 'eq' | 'gte' | 'lte';
  value: unknown;
}

export interface SortKey {
  field: string;
  descending: boolean;
}

/** How a sort-key value travels in a cursor: timestamps as the database's own text, so no precision is lost. */
export type SortKeyKind = 'integer' | 'number' | 'text' | 'timestamp';

export interface ListRequest {
  pageSize: number;
  /** Rows to skip (page mode). */
  offset: number;
  filters: Filter[];
  /** Ends with `id`, so every row has a distinct position. */
  sort: SortKey[];
  /** Keyset paging: the sort-key values of the last row already seen; only rows after it are returned. */
  after?: unknown[];
  /** Count every matching row: a COUNT whose cost grows with the table, so callers can do without it. */
  withTotal: boolean;
}

export interface Page<T> {
  rows: T[];
  total?: number;
  /** The sort-key values of the last row when more rows follow it, else null. */
  nextKey: unknown[] | null;
}
