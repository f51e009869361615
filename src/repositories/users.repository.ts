import { DataSource, EntityManager } from 'typeorm';
import { User } from '../entities/user.entity';
import { Caller, CallerCache } from './caller-cache';
import { Condition, CrudRepository } from './crud.repository';

export class UsersRepository extends CrudRepository<User> {
  private readonly callers: CallerCache;

  constructor(dataSource: DataSource) {
    super(dataSource, User);
    this.callers = CallerCache.of(dataSource);
  }

  /** The one read that includes passwordHash, to check a password; its result must never reach a response. */
  findWithPasswordHash(criteria: { email: string } | { id: number }): Promise<User | null> {
    const [[field, value]] = Object.entries(criteria);
    return this.repository().createQueryBuilder('user').addSelect('user.passwordHash').where(`user.${field} = :value`, { value }).getOne();
  }

  /** A token's user as the authentication hook needs it, from the cache while young enough (caller-cache.ts). */
  async findCaller(id: number): Promise<Caller | null> {
    const cached = this.callers.get(id);
    if (cached !== undefined) return cached;
    const readStarted = this.callers.readStarts();
    const caller = await this.findFieldsById(id, ['id', 'role', 'isActive']);
    this.callers.set(id, caller, readStarted);
    return caller;
  }

  // Every write of a user drops the cached caller, after the statement: a read racing it cannot put it back.
  override async create(values: Partial<User>, manager?: EntityManager): Promise<User> {
    const user = await super.create(values, manager);
    this.callers.forget(user.id);
    return user;
  }

  override async update(id: number, values: Partial<User>, manager?: EntityManager, onlyIf?: Condition<User>): Promise<User | null> {
    try {
      return await super.update(id, values, manager, onlyIf);
    } finally {
      this.callers.forget(id);
    }
  }

  override async delete(id: number, manager?: EntityManager): Promise<boolean> {
    try {
      return await super.delete(id, manager);
    } finally {
      this.callers.forget(id);
    }
  }
}
