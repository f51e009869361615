import { SchemaRepository } from '../repositories/schema.repository';
import { healthRoutes } from '../routes/health.routes';
import { HealthService } from '../services/health.service';
import { defineModule } from './app-module';

declare module './app-module' {
  interface Services {
    health: HealthService;
  }
}

export default defineModule({
  services: ({ db, sharedStore }) => ({ health: new HealthService(new SchemaRepository(db), sharedStore) }),
  routes: { prefix: '/health', plugin: healthRoutes },
});
