import type { User } from '../entities/user.entity';
import type { CreateUserDto, ListUsersQuery, UpdateUserDto } from '../entities/user.dto';
import { ForbiddenError, ValidationFailedError } from '../errors/app-error';
import type { RefreshTokensRepository } from '../repositories/refresh-tokens.repository';
import type { UsersRepository } from '../repositories/users.repository';
import { type Actor, isAdmin } from './actor';
import { CrudService } from './crud.service';
import { passwordHasher } from './password-hasher';
import { assertStrongPassword } from './password-policy';

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * User management is for admins (the routes say so), except that everyone may read and update themselves.
 * No one sets their own role or deactivates or deletes themselves, so an admin always remains.
 */
export class UsersService extends CrudService<User, CreateUserDto, UpdateUserDto, ListUsersQuery> {
  constructor(
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
  ) {
    super('User', users, {
      isActive: { field: 'isActive', op: 'eq' },
      email: { field: 'email', op: 'eq', convert: normalizeEmail },
      role: { field: 'role', op: 'eq' },
    });
  }

  /** The password is hashed here and the plain text goes no further; emails are unique case-insensitively. */
  override async create({ password, ...dto }: CreateUserDto, actor?: Actor): Promise<User> {
    if (dto.role !== undefined && !isAdmin(actor)) throw new ForbiddenError('Only an admin may set role');
    const email = normalizeEmail(dto.email);
    assertStrongPassword(password, email);
    return super.create({ ...dto, email, passwordHash: await passwordHasher.hash(password) } as never);
  }

  override async get(id: number, actor?: Actor): Promise<User> {
    this.assertSelfOrAdmin(id, actor);
    return super.get(id);
  }

  override async update(id: number, { password, currentPassword, ...dto }: UpdateUserDto, actor?: Actor): Promise<User> {
    this.assertSelfOrAdmin(id, actor);
    const self = actor?.id === id;
    if (dto.role !== undefined && (!isAdmin(actor) || self))
      throw new ForbiddenError(self ? 'No one may change their own role' : 'Only an admin may change role');
    if (dto.isActive !== undefined && (!isAdmin(actor) || self)) {
      throw new ForbiddenError(self ? 'No one may deactivate themselves' : 'Only an admin may change isActive');
    }
    const current = await super.get(id);
    if (self && (password !== undefined || dto.email !== undefined)) await this.assertCurrentPassword(id, currentPassword);
    const changes: Partial<User> = { ...dto };
    if (dto.email !== undefined) changes.email = normalizeEmail(dto.email);
    if (password !== undefined) {
      assertStrongPassword(password, changes.email ?? current.email);
      changes.passwordHash = await passwordHasher.hash(password);
    }
    if (Object.keys(changes).length === 0)
      throw new ValidationFailedError([{ field: 'body', reason: 'must contain at least one field to change' }]);
    const updated = await super.update(id, changes as UpdateUserDto);
    // A new password ends every session: whoever knew the old one keeps nothing.
    if (password !== undefined) await this.refreshTokens.revokeAllOfUser(id, new Date());
    return updated;
  }

  override async remove(id: number, actor?: Actor): Promise<void> {
    if (actor?.id === id) throw new ForbiddenError('No one may delete themselves');
    return super.remove(id);
  }

  private assertSelfOrAdmin(id: number, actor: Actor | undefined): void {
    if (actor?.id !== id && !isAdmin(actor)) throw new ForbiddenError('Only an admin may read or change other users');
  }

  private async assertCurrentPassword(id: number, currentPassword: string | undefined): Promise<void> {
    if (currentPassword === undefined) {
      throw new ValidationFailedError([{ field: 'currentPassword', reason: 'is required to change your own email or password' }]);
    }
    const user = await this.users.findWithPasswordHash({ id });
    if (!user || !(await passwordHasher.verify(user.passwordHash, currentPassword)))
      throw new ForbiddenError('currentPassword is not your password');
  }
}
