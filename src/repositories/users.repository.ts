import { DataSource, EntityManager } from 'typeorm';
import { User } from '../entities/user.entity';
import { CrudRepository } from './crud.repository';

export class UsersRepository extends CrudRepository<User> {
  constructor(dataSource: DataSource) {
    super(dataSource, User);
  }

  async exists(id: number, manager?: EntityManager): Promise<boolean> {
    return (await this.repository(manager).countBy({ id })) > 0;
  }
}
