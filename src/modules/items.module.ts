import { ItemsRepository } from '../repositories/items.repository';
import { itemsRoutes } from '../routes/items.routes';
import { ItemsService } from '../services/items.service';
import { defineModule } from './app-module';

declare module './app-module' {
  interface Services {
    items: ItemsService;
  }
}

export default defineModule({
  services: ({ db }) => ({ items: new ItemsService(new ItemsRepository(db)) }),
  routes: { prefix: '/api/v1/items', plugin: itemsRoutes },
});
