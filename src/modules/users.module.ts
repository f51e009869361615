import { RefreshTokensRepository } from '../repositories/refresh-tokens.repository';
import { UsersRepository } from '../repositories/users.repository';
import { usersRoutes } from '../routes/users.routes';
import { UsersService } from '../services/users.service';
import { defineModule } from './app-module';

declare module './app-module' {
  interface Services {
    users: UsersService;
  }
}

export default defineModule({
  services: ({ db }) => ({ users: new UsersService(new UsersRepository(db), new RefreshTokensRepository(db)) }),
  routes: { prefix: '/api/v1/users', plugin: usersRoutes },
});
