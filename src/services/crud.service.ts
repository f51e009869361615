import { ForbiddenError, NotFoundError } from '../errors/app-error';
import type { Condition, CrudRepository } from '../repositories/crud.repository';
import type { Filter } from '../repositories/list-request';
import { type Actor, isAdmin } from './actor';
import { listPage, PageResult, PagingQuery } from './paging';

export interface FilterRule {
  field: string;
  op: Filter['op'];
  convert?: (value: never) => unknown;
}

/** Which query parameters filter which entity field, and how. Only these ever reach a WHERE clause. */
export type FilterRules<Q> = { [K in keyof Q]?: FilterRule };

export interface CrudOptions<E> {
  /**
   * Object-level authorization (OWASP API1): the field holding the id of the user who created the record. It
   * is set from the acting user on create, and only that user or an admin may update or delete the record.
   */
  ownerField?: keyof E & string;
}

/** The rules every resource shares: not found is an error, lists are paged, filtered and stably sorted. */
export class CrudService<E extends { id: number }, C, U, Q extends PagingQuery> {
  // a string, not keyof E: routes hold services as CrudService<{ id: number }, …>, which keyof E would forbid
  private readonly ownerField?: string;

  constructor(
    protected readonly resource: string,
    protected readonly repository: CrudRepository<E>,
    private readonly filterRules: FilterRules<Q>,
    options: CrudOptions<E> = {},
  ) {
    this.ownerField = options.ownerField;
  }

  /** `actor` is who asks (undefined on public reads); resources with rules about readers override this. */
  get(id: number, _actor?: Actor): Promise<E> {
    return this.found(id);
  }

  create(dto: C, actor?: Actor): Promise<E> {
    const values = this.ownerField ? { ...dto, [this.ownerField]: this.required(actor).id } : dto;
    return this.repository.create(values as Partial<E>);
  }

  /**
   * On an owned resource the UPDATE itself requires the owner (unless the actor is an admin): one statement, and
   * no gap between checking and writing. Only when it changes nothing is it worth finding out why (404 or 403).
   */
  async update(id: number, dto: U, actor?: Actor): Promise<E> {
    const onlyOwned: Condition<E> | undefined =
      this.ownerField && !isAdmin(actor) ? { field: this.ownerField as keyof E & string, value: this.required(actor).id } : undefined;
    const entity = await this.repository.update(id, dto as Partial<E>, undefined, onlyOwned);
    if (entity) return entity;
    await this.assertMayChange(id, actor);
    throw new NotFoundError(this.resource, id);
  }

  async remove(id: number, actor?: Actor): Promise<void> {
    await this.assertMayChange(id, actor);
    if (!(await this.repository.delete(id))) throw new NotFoundError(this.resource, id);
  }

  /** 404 before 403: every user may read any record, so whether one exists is no secret; who may change it is. */
  private async assertMayChange(id: number, actor: Actor | undefined): Promise<void> {
    if (!this.ownerField) return;
    const owner = ((await this.found(id)) as Record<string, unknown>)[this.ownerField];
    const { id: actorId } = this.required(actor);
    if (owner !== actorId && !isAdmin(actor)) {
      throw new ForbiddenError(`Only the owner of ${this.resource.toLowerCase()} ${id} or an admin may change or delete it`);
    }
  }

  private async found(id: number): Promise<E> {
    const entity = await this.repository.findById(id);
    if (!entity) throw new NotFoundError(this.resource, id);
    return entity;
  }

  /** A resource with owners is only ever changed on behalf of someone; a caller that forgets to say who is a bug. */
  private required(actor: Actor | undefined): Actor {
    if (!actor) throw new Error(`${this.resource}: creating, changing or deleting an owned record needs the acting user`);
    return actor;
  }

  async list(query: Q): Promise<PageResult<E>> {
    const filters: Filter[] = [];
    for (const [key, rule] of Object.entries(this.filterRules) as [keyof Q, FilterRule][]) {
      const value = query[key];
      if (value === undefined) continue;
      filters.push({ field: rule.field, op: rule.op, value: rule.convert ? rule.convert(value as never) : value });
    }
    return listPage(this.repository, query, filters);
  }
}
