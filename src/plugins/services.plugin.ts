import fp from 'fastify-plugin';
import { ItemsRepository } from '../repositories/items.repository';
import { ProductsRepository } from '../repositories/products.repository';
import { SchemaRepository } from '../repositories/schema.repository';
import { UsersRepository } from '../repositories/users.repository';
import { HealthService } from '../services/health.service';
import { ItemsService } from '../services/items.service';
import { ProductsService } from '../services/products.service';
import { UsersService } from '../services/users.service';

export interface Services {
  health: HealthService;
  items: ItemsService;
  users: UsersService;
  products: ProductsService;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

/** Wires repositories into services once; routes only ever see `app.services`. */
export const servicesPlugin = fp(
  async (app) => {
    const users = new UsersRepository(app.db);
    app.decorate('services', {
      health: new HealthService(new SchemaRepository(app.db)),
      items: new ItemsService(new ItemsRepository(app.db)),
      users: new UsersService(users),
      products: new ProductsService(new ProductsRepository(app.db), users),
    } satisfies Services);
  },
  { name: 'services', dependencies: ['database'] },
);
