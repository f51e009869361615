import { DataSource } from 'typeorm';
import { Item } from '../entities/item.entity';
import { CrudRepository } from './crud.repository';

export class ItemsRepository extends CrudRepository<Item> {
  constructor(dataSource: DataSource) {
    super(dataSource, Item);
  }
}
