import type { Product } from '../entities/product.entity';
import type { CreateProductDto, ListProductsQuery, UpdateProductDto } from '../entities/product.dto';
import { ReferenceNotFoundError } from '../errors/app-error';
import type { ProductsRepository } from '../repositories/products.repository';
import type { UsersRepository } from '../repositories/users.repository';
import { CrudService } from './crud.service';

const toDate = (value: string) => new Date(value);

export class ProductsService extends CrudService<Product, CreateProductDto, UpdateProductDto, ListProductsQuery> {
  constructor(
    repository: ProductsRepository,
    private readonly users: UsersRepository,
  ) {
    super('Product', repository, {
      status: { field: 'status', op: 'eq' },
      isActive: { field: 'isActive', op: 'eq' },
      category: { field: 'category', op: 'eq' },
      userId: { field: 'userId', op: 'eq' },
      minPrice: { field: 'price', op: 'gte' },
      maxPrice: { field: 'price', op: 'lte' },
      createdFrom: { field: 'createdAt', op: 'gte', convert: toDate },
      createdTo: { field: 'createdAt', op: 'lte', convert: toDate },
    });
  }

  /** A clear 422 in the common case; the foreign key still guards the race (see translate-driver-error.ts). */
  private async assertOwnerExists(userId: number | undefined): Promise<void> {
    if (userId !== undefined && !(await this.users.exists(userId))) {
      throw new ReferenceNotFoundError('userId', 'User');
    }
  }

  override async create(dto: CreateProductDto): Promise<Product> {
    await this.assertOwnerExists(dto.userId);
    return super.create(dto);
  }

  override async update(id: number, dto: UpdateProductDto): Promise<Product> {
    await this.assertOwnerExists(dto.userId);
    return super.update(id, dto);
  }
}
