import { DataSource } from 'typeorm';
import { User } from '../entities/user.entity';
import { CrudRepository } from './crud.repository';

export class UsersRepository extends CrudRepository<User> {
  constructor(dataSource: DataSource) {
    super(dataSource, User);
  }

  /** The one read that includes passwordHash, to check a password; its result must never reach a response. */
  findWithPasswordHash(criteria: { email: string } | { id: number }): Promise<User | null> {
    const [[field, value]] = Object.entries(criteria);
    return this.repository().createQueryBuilder('user').addSelect('user.passwordHash').where(`user.${field} = :value`, { value }).getOne();
  }
}
