import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AuthConfig } from '../config/app-config';
import type { RegisterDto } from '../entities/auth.dto';
import type { User } from '../entities/user.entity';
import { UnauthorizedError } from '../errors/app-error';
import type { RefreshTokensRepository } from '../repositories/refresh-tokens.repository';
import type { UsersRepository } from '../repositories/users.repository';
import { AccessTokens } from './access-tokens';
import type { Actor } from './actor';
import { passwordHasher } from './password-hasher';
import { normalizeEmail, UsersService } from './users.service';

export interface Session {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

/** The same answer for an unknown email, a wrong password and a deactivated account: nothing to enumerate. */
const WRONG_CREDENTIALS = 'Email or password is incorrect';
const BAD_REFRESH_TOKEN = 'The refresh token is invalid, expired or already used; log in again';

/** 32 random bytes: unguessable, so a fast hash (not argon2) is enough to keep the stored copy useless. */
const newRefreshToken = () => randomBytes(32).toString('base64url');
const hashOf = (refreshToken: string) => createHash('sha256').update(refreshToken).digest('hex');

/**
 * Accounts and sessions: register, log in (an access token plus a refresh token), refresh (rotating the
 * refresh token; a rotated one used again revokes every token of its login), log out, and turning an access
 * token back into the user it names.
 */
export class AuthService {
  private readonly accessTokens: AccessTokens;

  constructor(
    private readonly users: UsersService,
    private readonly usersRepository: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly config: AuthConfig,
  ) {
    this.accessTokens = new AccessTokens(config.jwtSecret, config.accessTokenTtl);
  }

  /** Always a plain `user`: RegisterDto has no role, and unknown fields never get this far. */
  register(dto: RegisterDto): Promise<User> {
    return this.users.create(dto);
  }

  async login(email: string, password: string): Promise<Session> {
    const user = await this.usersRepository.findWithPasswordHash({ email: normalizeEmail(email) });
    const valid = user ? await passwordHasher.verify(user.passwordHash, password) : await passwordHasher.verifyDecoy(password);
    if (!user || !valid || !user.isActive) throw new UnauthorizedError(WRONG_CREDENTIALS);
    return this.startSession(user.id);
  }

  /** A new login for a user whose credentials were already checked: a new refresh-token family. */
  async startSession(userId: number): Promise<Session> {
    const refreshToken = newRefreshToken();
    await this.refreshTokens.create({ tokenHash: hashOf(refreshToken), familyId: randomUUID(), userId, expiresAt: this.refreshExpiry() });
    return this.session(userId, refreshToken);
  }

  async refresh(refreshToken: string): Promise<Session> {
    const stored = await this.refreshTokens.findByHash(hashOf(refreshToken));
    const now = new Date();
    if (!stored || stored.revokedAt || stored.expiresAt <= now) throw new UnauthorizedError(BAD_REFRESH_TOKEN);
    // A rotated token shown again was copied: the thief or the owner holds its successor. Revoke the family.
    if (stored.rotatedAt) {
      await this.refreshTokens.revokeFamily(stored.familyId, now);
      throw new UnauthorizedError(BAD_REFRESH_TOKEN);
    }
    if (!(await this.activeUser(stored.userId))) throw new UnauthorizedError(BAD_REFRESH_TOKEN);
    const successor = newRefreshToken();
    const next = { tokenHash: hashOf(successor), familyId: stored.familyId, userId: stored.userId, expiresAt: this.refreshExpiry() };
    if (!(await this.refreshTokens.rotate(stored, next, now))) {
      // Another request rotated it first: the same token presented twice, treated like any reuse.
      await this.refreshTokens.revokeFamily(stored.familyId, now);
      throw new UnauthorizedError(BAD_REFRESH_TOKEN);
    }
    return this.session(stored.userId, successor);
  }

  /** Ends the login the token belongs to. Unknown tokens are ignored: logging out twice is not an error. */
  async logout(refreshToken: string): Promise<void> {
    const stored = await this.refreshTokens.findByHash(hashOf(refreshToken));
    if (stored) await this.refreshTokens.revokeFamily(stored.familyId, new Date());
  }

  /** The user an access token names, if it is valid and they still exist and are active; their role as stored now. */
  async authenticate(accessToken: string): Promise<Actor> {
    // every request: the role and active flag may come from the repository's short-lived cache (caller-cache.ts)
    const user = await this.usersRepository.findCaller(this.accessTokens.verify(accessToken));
    if (!user?.isActive) throw new UnauthorizedError('The access token is invalid', 'invalid_token');
    return { id: user.id, role: user.role };
  }

  async me(actor: Actor): Promise<User> {
    return this.users.get(actor.id, actor);
  }

  /** Read now, not cached: a refresh issues a new token, so it goes by what is stored. */
  private async activeUser(id: number): Promise<Actor | null> {
    const user = await this.usersRepository.findFieldsById(id, ['id', 'role', 'isActive']);
    return user?.isActive ? user : null;
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.config.refreshTokenTtl * 1000);
  }

  private session(userId: number, refreshToken: string): Session {
    return {
      accessToken: this.accessTokens.issue(userId),
      tokenType: 'Bearer',
      expiresIn: this.config.accessTokenTtl,
      refreshToken,
      refreshExpiresIn: this.config.refreshTokenTtl,
    };
  }
}
