import type { FastifyInstance } from 'fastify';
import { CreateProductDto, ListProductsQuery, ProductResponseDto, UpdateProductDto } from '../entities/product.dto';
import { registerCrudRoutes } from './crud-routes';

export async function productsRoutes(app: FastifyInstance): Promise<void> {
  registerCrudRoutes(app, {
    resource: 'product',
    tag: 'Products',
    service: app.services.products,
    dto: { create: CreateProductDto, update: UpdateProductDto, response: ProductResponseDto, list: ListProductsQuery },
  });
}
