import type { FastifyInstance } from 'fastify';
import { CreateUserDto, ListUsersQuery, UserResponseDto, UpdateUserDto } from '../entities/user.dto';
import { registerCrudRoutes } from './crud-routes';

export async function usersRoutes(app: FastifyInstance): Promise<void> {
  registerCrudRoutes(app, {
    resource: 'user',
    tag: 'Users',
    service: app.services.users,
    dto: { create: CreateUserDto, update: UpdateUserDto, response: UserResponseDto, list: ListUsersQuery },
  });
}
