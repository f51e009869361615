import type { FastifyInstance } from 'fastify';
import { CreateItemDto, ListItemsQuery, ItemResponseDto, UpdateItemDto } from '../entities/item.dto';
import { registerCrudRoutes } from './crud-routes';

export async function itemsRoutes(app: FastifyInstance): Promise<void> {
  registerCrudRoutes(app, {
    resource: 'item',
    tag: 'Items',
    service: app.services.items,
    dto: { create: CreateItemDto, update: UpdateItemDto, response: ItemResponseDto, list: ListItemsQuery },
  });
}
