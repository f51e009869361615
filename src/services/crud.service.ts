import { DEFAULT_PAGE_SIZE, PageQuery } from '../dto/page-query';
import { NotFoundError } from '../errors/app-error';
import type { CrudRepository } from '../repositories/crud.repository';
import type { Filter, SortKey } from '../repositories/list-request';

export interface FilterRule {
  field: string;
  op: Filter['op'];
  convert?: (value: never) => unknown;
}

/** Which query parameters filter which entity field, and how. Only these ever reach a WHERE clause. */
export type FilterRules<Q> = { [K in keyof Q]?: FilterRule };

export interface PageResult<T> {
  data: T[];
  pagination: { page: number; pageSize: number; totalItems: number; totalPages: number };
}

type Listable = PageQuery & { sort?: string };

/** `-createdAt,name` → keys, with `id` appended as the tie-breaker so equal values never shuffle pages. */
export function parseSort(sort: string | undefined): SortKey[] {
  const keys = (sort ?? 'id').split(',').map((token) => ({
    field: token.replace(/^-/, ''),
    descending: token.startsWith('-'),
  }));
  return keys.some((key) => key.field === 'id') ? keys : [...keys, { field: 'id', descending: false }];
}

/** The rules every resource shares: not found is an error, lists are paged, filtered and stably sorted. */
export class CrudService<E extends { id: number }, C, U, Q extends Listable> {
  constructor(
    protected readonly resource: string,
    protected readonly repository: CrudRepository<E>,
    private readonly filterRules: FilterRules<Q>,
  ) {}

  async get(id: number): Promise<E> {
    const entity = await this.repository.findById(id);
    if (!entity) throw new NotFoundError(this.resource, id);
    return entity;
  }

  create(dto: C): Promise<E> {
    return this.repository.create(dto as Partial<E>);
  }

  async update(id: number, dto: U): Promise<E> {
    const entity = await this.repository.update(id, dto as Partial<E>);
    if (!entity) throw new NotFoundError(this.resource, id);
    return entity;
  }

  async remove(id: number): Promise<void> {
    if (!(await this.repository.delete(id))) throw new NotFoundError(this.resource, id);
  }

  async list(query: Q): Promise<PageResult<E>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const filters: Filter[] = [];
    for (const [key, rule] of Object.entries(this.filterRules) as [keyof Q, FilterRule][]) {
      const value = query[key];
      if (value === undefined) continue;
      filters.push({ field: rule.field, op: rule.op, value: rule.convert ? rule.convert(value as never) : value });
    }
    const { rows, total } = await this.repository.list({ page, pageSize, filters, sort: parseSort(query.sort) });
    return { data: rows, pagination: { page, pageSize, totalItems: total, totalPages: Math.ceil(total / pageSize) } };
  }
}
