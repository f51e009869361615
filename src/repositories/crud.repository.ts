import { DataSource, DeepPartial, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ListRequest, Page } from './list-request';

const OPERATORS = { eq: '=', gte: '>=', lte: '<=' } as const;

/**
 * The TypeORM side of one resource. Returns null / false for "not there" and leaves the meaning of that
 * to the service. Every method takes an optional EntityManager so a service can pass a transaction down.
 */
export class CrudRepository<E extends ObjectLiteral & { id: number }> {
  constructor(
    protected readonly dataSource: DataSource,
    private readonly target: EntityTarget<E>,
  ) {}

  protected repository(manager?: EntityManager): Repository<E> {
    return (manager ?? this.dataSource.manager).getRepository(this.target);
  }

  findById(id: number, manager?: EntityManager): Promise<E | null> {
    return this.repository(manager).findOneBy({ id } as Partial<E> as never);
  }

  /** Inserts, then reads the row back so database-set values (id, timestamps, defaults) are returned. */
  async create(values: Partial<E>, manager?: EntityManager): Promise<E> {
    const repository = this.repository(manager);
    const result = await repository.insert(repository.create(values as DeepPartial<E>) as QueryDeepPartialEntity<E>);
    const id = result.identifiers[0]?.id as number;
    const created = await this.findById(id, manager);
    if (!created) throw new Error(`${repository.metadata.targetName} ${id} vanished right after insert`);
    return created;
  }

  async update(id: number, values: Partial<E>, manager?: EntityManager): Promise<E | null> {
    const result = await this.repository(manager).update(id, values as QueryDeepPartialEntity<E>);
    if (result.affected === 0) return null;
    return this.findById(id, manager);
  }

  async delete(id: number, manager?: EntityManager): Promise<boolean> {
    const result = await this.repository(manager).delete(id);
    return (result.affected ?? 0) > 0;
  }

  async list(request: ListRequest, manager?: EntityManager): Promise<Page<E>> {
    const query = this.repository(manager).createQueryBuilder('row');
    request.filters.forEach((filter, index) => {
      query.andWhere(`row.${filter.field} ${OPERATORS[filter.op]} :f${index}`, { [`f${index}`]: filter.value });
    });
    for (const key of request.sort) query.addOrderBy(`row.${key.field}`, key.descending ? 'DESC' : 'ASC');
    query.offset((request.page - 1) * request.pageSize).limit(request.pageSize);
    const [rows, total] = await query.getManyAndCount();
    return { rows, total };
  }
}
