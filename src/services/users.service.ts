import type { User } from '../entities/user.entity';
import type { CreateUserDto, ListUsersQuery, UpdateUserDto } from '../entities/user.dto';
import type { UsersRepository } from '../repositories/users.repository';
import { CrudService } from './crud.service';
import { passwordHasher } from './password-hasher';

const normalizeEmail = (email: string) => email.trim().toLowerCase();

export class UsersService extends CrudService<User, CreateUserDto, UpdateUserDto, ListUsersQuery> {
  constructor(repository: UsersRepository) {
    super('User', repository, {
      isActive: { field: 'isActive', op: 'eq' },
      email: { field: 'email', op: 'eq', convert: normalizeEmail },
    });
  }

  /** The password is hashed here and the plain text goes no further; emails are unique case-insensitively. */
  override async create({ password, ...dto }: CreateUserDto): Promise<User> {
    return super.create({ ...dto, email: normalizeEmail(dto.email), passwordHash: await passwordHasher.hash(password) } as never);
  }

  override async update(id: number, { password, ...dto }: UpdateUserDto): Promise<User> {
    const changes: Partial<User> = { ...dto };
    if (dto.email !== undefined) changes.email = normalizeEmail(dto.email);
    if (password !== undefined) changes.passwordHash = await passwordHasher.hash(password);
    return super.update(id, changes as UpdateUserDto);
  }
}
