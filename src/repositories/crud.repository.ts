import { DataSource, DeepPartial, EntityManager, EntityTarget, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { EntityRows, ROW } from './entity-rows';
import { asText, keysetCondition, paginationClause, sortKeyKindOf } from './keyset';
import type { Filter, ListRequest, Page, SortKeyKind } from './list-request';

const OPERATORS = { eq: '=', gte: '>=', lte: '<=' } as const;

/** A column that must hold a value for a write to happen (the owner, for object-level authorization). */
export interface Condition<E> {
  field: keyof E & string;
  value: unknown;
}

/** The fields that have a value: TypeORM leaves undefined ones out of an INSERT or UPDATE, and so do we. */
const defined = (values: ObjectLiteral) => Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));

/**
 * The TypeORM side of one resource. Returns null / false for "not there" and leaves the meaning of that
 * to the service. Every method takes an optional EntityManager so a service can pass a transaction down.
 * Reads and writes run statements built once per shape (entity-rows.ts); deletes, and inserts where the
 * engine cannot return the row, go through TypeORM's repository.
 */
export class CrudRepository<E extends ObjectLiteral & { id: number }> {
  private compiled?: EntityRows<E>;

  constructor(
    protected readonly dataSource: DataSource,
    private readonly target: EntityTarget<E>,
  ) {}

  protected repository(manager?: EntityManager): Repository<E> {
    return (manager ?? this.dataSource.manager).getRepository(this.target);
  }

  /** Made on first use: the metadata exists only once the DataSource is initialized. */
  private get rows(): EntityRows<E> {
    return (this.compiled ??= new EntityRows<E>(this.dataSource, this.dataSource.getMetadata(this.target)));
  }

  async findById(id: number, manager?: EntityManager): Promise<E | null> {
    const sql = this.rows.statement('findById', () => this.repository().createQueryBuilder(ROW).where(`${ROW}.id = :id`).getQuery());
    const { entities } = await this.rows.fetch(sql, { id }, manager);
    return entities[0] ?? null;
  }

  /** Only `fields` of the row, for a hot path that needs a few columns (the caller's role, on every request). */
  async findFieldsById<K extends keyof E & string>(id: number, fields: K[], manager?: EntityManager): Promise<Pick<E, K> | null> {
    const sql = this.rows.statement(`findFields:${fields.join(',')}`, () =>
      this.repository()
        .createQueryBuilder(ROW)
        .select(fields.map((field) => `${ROW}.${field}`))
        .where(`${ROW}.id = :id`)
        .getQuery(),
    );
    const { entities } = await this.rows.fetch(sql, { id }, manager);
    return entities[0] ?? null;
  }

  /** Inserts and returns the row as stored (id, timestamps, defaults): from RETURNING, or read back. */
  async create(values: Partial<E>, manager?: EntityManager): Promise<E> {
    const changes = defined(values);
    const fields = Object.keys(changes);
    if (fields.length > 0 && this.rows.returns('insert')) {
      const sql = this.rows.statement(`insert:${fields.join(',')}`, () => this.rows.insertSql(fields));
      const { entities } = await this.rows.fetch(sql, this.rows.valueParameters(changes), manager);
      return entities[0];
    }
    const repository = this.repository(manager);
    const result = await repository.insert(repository.create(values as DeepPartial<E>) as QueryDeepPartialEntity<E>);
    const id = result.identifiers[0]?.id as number;
    const created = await this.findById(id, manager);
    if (!created) throw new Error(`${repository.metadata.targetName} ${id} vanished right after insert`);
    return created;
  }

  /**
   * Sets the given fields (undefined ones are left alone, as TypeORM does) and returns the row, or null when no
   * row has this id, or none has it while `onlyIf.field` equals `onlyIf.value` (checked by the UPDATE itself).
   */
  async update(id: number, values: Partial<E>, manager?: EntityManager, onlyIf?: Condition<E>): Promise<E | null> {
    const changes = defined(values);
    const fields = Object.keys(changes);
    if (fields.length === 0) {
      const found = await this.findById(id, manager);
      return found && (!onlyIf || found[onlyIf.field] === onlyIf.value) ? found : null;
    }
    const returning = this.rows.returns('update');
    const sql = this.rows.statement(`update:${returning}:${fields.join(',')}:${onlyIf?.field ?? ''}`, () =>
      this.rows.updateSql(fields, returning, onlyIf?.field),
    );
    const parameters = { ...this.rows.valueParameters(changes), id, ...(onlyIf && { only_if: onlyIf.value }) };
    if (returning) return (await this.rows.fetch(sql, parameters, manager)).entities[0] ?? null;
    const result = await this.rows.execute(sql, parameters, manager);
    return result.affected ? this.findById(id, manager) : null;
  }

  async delete(id: number, manager?: EntityManager): Promise<boolean> {
    const result = await this.repository(manager).delete(id);
    return (result.affected ?? 0) > 0;
  }

  /** How each sort field's value is carried in a cursor (the service validates cursors against it). */
  sortKeyKind(field: string): SortKeyKind {
    return sortKeyKindOf(this.rows.column(field));
  }

  /** One page, one row more to tell whether another follows, and the exact total when asked (a COUNT). */
  async list(request: ListRequest, manager?: EntityManager): Promise<Page<E>> {
    const filterShape = JSON.stringify(request.filters.map(({ field, op }) => [field, op]));
    const pageSql = this.rows.statement(`page:${filterShape}:${JSON.stringify(request.sort)}:${Boolean(request.after)}`, () =>
      this.pageSql(request),
    );
    const parameters: ObjectLiteral = { page_limit: request.pageSize + 1, page_offset: request.offset };
    request.filters.forEach((filter, index) => (parameters[`f${index}`] = filter.value));
    request.after?.forEach((value, index) => (parameters[`after${index}`] = value));

    const counting = request.withTotal
      ? this.count(
          this.rows.statement(`count:${filterShape}`, () => this.countSql(request.filters)),
          parameters,
          manager,
        )
      : undefined;
    const [{ entities, raw }, total] = await Promise.all([this.rows.fetch(pageSql, parameters, manager), counting]);
    const rows = entities.slice(0, request.pageSize);
    if (entities.length <= request.pageSize) return { rows, total, nextKey: null };
    const last = request.pageSize - 1;
    const nextKey = request.sort.map((key, index) =>
      this.sortKeyKind(key.field) === 'timestamp' ? raw[last][`sort_key_${index}`] : rows[last][key.field],
    );
    return { rows, total, nextKey };
  }

  private filtered(filters: Filter[]): SelectQueryBuilder<E> {
    const query = this.repository().createQueryBuilder(ROW);
    filters.forEach((filter, index) => query.andWhere(`${ROW}.${filter.field} ${OPERATORS[filter.op]} :f${index}`));
    return query;
  }

  private pageSql({ filters, sort, after }: ListRequest): string {
    const query = this.filtered(filters);
    if (after) query.andWhere(keysetCondition(sort, ROW));
    sort.forEach((key, index) => {
      if (this.sortKeyKind(key.field) === 'timestamp') {
        query.addSelect(
          asText(this.dataSource.options.type, `${query.escape(ROW)}.${query.escape(this.rows.column(key.field).databaseName)}`),
          `sort_key_${index}`,
        );
      }
      query.addOrderBy(`${ROW}.${key.field}`, key.descending ? 'DESC' : 'ASC');
    });
    return `${query.getQuery()} ${paginationClause(this.dataSource.options.type)}`;
  }

  /** COUNT(*), not TypeORM's getCount(): that counts DISTINCT ids, which no engine answers from an index alone. */
  private countSql(filters: Filter[]): string {
    return this.filtered(filters).select('COUNT(*)', 'count').getQuery();
  }

  private async count(sql: string, parameters: ObjectLiteral, manager?: EntityManager): Promise<number> {
    const { records } = await this.rows.execute(sql, parameters, manager);
    return Number(records?.[0]?.count ?? 0);
  }
}
