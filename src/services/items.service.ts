import type { Item } from '../entities/item.entity';
import type { CreateItemDto, ListItemsQuery, UpdateItemDto } from '../entities/item.dto';
import type { ItemsRepository } from '../repositories/items.repository';
import { CrudService } from './crud.service';

export class ItemsService extends CrudService<Item, CreateItemDto, UpdateItemDto, ListItemsQuery> {
  constructor(repository: ItemsRepository) {
    super('Item', repository, { isActive: { field: 'isActive', op: 'eq' } });
  }
}
