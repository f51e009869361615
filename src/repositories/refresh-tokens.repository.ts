import { DataSource, IsNull } from 'typeorm';
import { RefreshToken } from '../entities/refresh-token.entity';

export type NewRefreshToken = Pick<RefreshToken, 'tokenHash' | 'familyId' | 'userId' | 'expiresAt'>;

/** Refresh tokens by hash; rotation claims a token with one conditional UPDATE, so of two racing refreshes only one wins. */
export class RefreshTokensRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repository() {
    return this.dataSource.getRepository(RefreshToken);
  }

  findByHash(tokenHash: string): Promise<RefreshToken | null> {
    return this.repository().findOneBy({ tokenHash });
  }

  async create(token: NewRefreshToken): Promise<void> {
    await this.repository().insert(token);
  }

  /**
   * Stores `successor`, then claims `current` with one UPDATE that only matches it while unrotated and unrevoked:
   * when two requests present the same token, exactly one changes a row. The loser removes its successor and
   * gets false. The successor is written first so that it already exists when anyone can see `current` as
   * rotated: a family revoked because of that (reuse) always takes the successor with it.
   * No transaction: the single UPDATE is the guarantee, and TypeORM's SQLite driver shares one connection, on
   * which two requests' transactions collide ("cannot start a transaction within a transaction").
   */
  async rotate(current: RefreshToken, successor: NewRefreshToken, now: Date): Promise<boolean> {
    await this.create(successor);
    const claimed = await this.repository().update({ id: current.id, rotatedAt: IsNull(), revokedAt: IsNull() }, { rotatedAt: now });
    if (claimed.affected === 1) return true;
    await this.repository().delete({ tokenHash: successor.tokenHash });
    return false;
  }

  async revokeFamily(familyId: string, now: Date): Promise<void> {
    await this.repository().update({ familyId, revokedAt: IsNull() }, { revokedAt: now });
  }

  async revokeAllOfUser(userId: number, now: Date): Promise<void> {
    await this.repository().update({ userId, revokedAt: IsNull() }, { revokedAt: now });
  }
}
