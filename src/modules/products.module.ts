import { ProductsRepository } from '../repositories/products.repository';
import { productsRoutes } from '../routes/products.routes';
import { ProductsService } from '../services/products.service';
import { defineModule } from './app-module';

declare module './app-module' {
  interface Services {
    products: ProductsService;
  }
}

export default defineModule({
  services: ({ db }) => ({ products: new ProductsService(new ProductsRepository(db)) }),
  routes: { prefix: '/api/v1/products', plugin: productsRoutes },
});
