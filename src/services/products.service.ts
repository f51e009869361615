import type { Product } from '../entities/product.entity';
import type { CreateProductDto, ListProductsQuery, UpdateProductDto } from '../entities/product.dto';
import type { ProductsRepository } from '../repositories/products.repository';
import { CrudService } from './crud.service';

const toDate = (value: string) => new Date(value);

/** A product belongs to the user who created it: only they or an admin may change or delete it. */
export class ProductsService extends CrudService<Product, CreateProductDto, UpdateProductDto, ListProductsQuery> {
  constructor(repository: ProductsRepository) {
    super(
      'Product',
      repository,
      {
        status: { field: 'status', op: 'eq' },
        isActive: { field: 'isActive', op: 'eq' },
        category: { field: 'category', op: 'eq' },
        userId: { field: 'userId', op: 'eq' },
        minPrice: { field: 'price', op: 'gte' },
        maxPrice: { field: 'price', op: 'lte' },
        createdFrom: { field: 'createdAt', op: 'gte', convert: toDate },
        createdTo: { field: 'createdAt', op: 'lte', convert: toDate },
      },
      { ownerField: 'userId' },
    );
  }
}
