import { DataSource } from 'typeorm';
import { Product } from '../entities/product.entity';
import { CrudRepository } from './crud.repository';

export class ProductsRepository extends CrudRepository<Product> {
  constructor(dataSource: DataSource) {
    super(dataSource, Product);
  }
}
