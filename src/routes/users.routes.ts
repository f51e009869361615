import type { FastifyInstance } from 'fastify';
import { CreateUserDto, ListUsersQuery, UserResponseDto, UpdateUserDto } from '../entities/user.dto';
import { registerCrudRoutes } from './crud-routes';

/** User management is for admins; reading and updating yourself is for everyone (UsersService checks which). */
export async function usersRoutes(app: FastifyInstance): Promise<void> {
  registerCrudRoutes(app, {
    resource: 'user',
    tag: 'Users',
    service: app.services.users,
    dto: { create: CreateUserDto, update: UpdateUserDto, response: UserResponseDto, list: ListUsersQuery },
    access: { list: 'admin', create: 'admin', delete: 'admin', get: 'authenticated', update: 'authenticated' },
  });
}
