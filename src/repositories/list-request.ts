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

export interface ListRequest {
  page: number;
  pageSize: number;
  filters: Filter[];
  sort: SortKey[];
}

export interface Page<T> {
  rows: T[];
  total: number;
}
