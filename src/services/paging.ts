import { DEFAULT_PAGE_SIZE } from '../dto/page-query';
import { ValidationFailedError } from '../errors/app-error';
import type { Filter, ListRequest, Page, SortKey, SortKeyKind } from '../repositories/list-request';
import { decodeCursor, encodeCursor } from './page-cursor';

/** The paging parameters every list query has (PageQuery) and its sort. */
export interface PagingQuery {
  page?: number;
  pageSize?: number;
  cursor?: string;
  withTotal?: boolean;
  sort?: string;
}

export interface Pagination {
  /** Page mode only. */
  page?: number;
  pageSize: number;
  /** Only when counted (`withTotal`). */
  totalItems?: number;
  totalPages?: number;
  /** Where the next page starts, in either mode; null on the last page. */
  nextCursor: string | null;
}

export interface PageResult<T> {
  data: T[];
  pagination: Pagination;
}

export interface Listable<E> {
  list(request: ListRequest): Promise<Page<E>>;
  sortKeyKind(field: string): SortKeyKind;
}

/**
 * `-createdAt,name` → keys, with `id` appended as the tie-breaker so equal values never shuffle pages. It runs
 * in the direction of the key before it, so a one-field sort is served by a plain (field, id) index read
 * forwards or backwards.
 */
export function parseSort(sort: string | undefined): SortKey[] {
  const keys = (sort ?? 'id').split(',').map((token) => ({
    field: token.replace(/^-/, ''),
    descending: token.startsWith('-'),
  }));
  if (keys.some((key) => key.field === 'id')) return keys;
  return [...keys, { field: 'id', descending: keys[keys.length - 1].descending }];
}

/**
 * Page mode (`page`, with an exact total by default) or cursor mode (`cursor`, no total by default). A cursor
 * page costs the same on page 1 and page 50,000 and is stable while rows are inserted; an offset page and an
 * exact total cost one row read per row before it / per matching row.
 */
export async function listPage<E>(repository: Listable<E>, query: PagingQuery, filters: Filter[]): Promise<PageResult<E>> {
  if (query.cursor !== undefined && query.page !== undefined) {
    throw new ValidationFailedError([{ field: 'cursor', reason: 'cannot be combined with page (the cursor says where the page starts)' }]);
  }
  const sort = parseSort(query.sort);
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  const page = query.page ?? 1;
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, sort, (field) => repository.sortKeyKind(field));
  const withTotal = query.withTotal ?? after === undefined;
  const { rows, total, nextKey } = await repository.list({
    pageSize,
    offset: after ? 0 : (page - 1) * pageSize,
    filters,
    sort,
    after,
    withTotal,
  });
  return {
    data: rows,
    pagination: {
      ...(after ? {} : { page }),
      pageSize,
      ...(total === undefined ? {} : { totalItems: total, totalPages: Math.ceil(total / pageSize) }),
      nextCursor: nextKey && encodeCursor(sort, nextKey),
    },
  };
}
