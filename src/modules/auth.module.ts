import { CallerCache } from '../repositories/caller-cache';
import { RefreshTokensRepository } from '../repositories/refresh-tokens.repository';
import { UsersRepository } from '../repositories/users.repository';
import { authRoutes } from '../routes/auth.routes';
import { AuthService } from '../services/auth.service';
import { UsersService } from '../services/users.service';
import { defineModule } from './app-module';

declare module './app-module' {
  interface Services {
    auth: AuthService;
  }
}

export default defineModule({
  services: ({ db, config }) => {
    CallerCache.configure(db, config.auth.roleCacheSeconds * 1000);
    const users = new UsersRepository(db);
    const refreshTokens = new RefreshTokensRepository(db);
    return { auth: new AuthService(new UsersService(users, refreshTokens), users, refreshTokens, config.auth) };
  },
  routes: { prefix: '/api/v1/auth', plugin: authRoutes },
});
