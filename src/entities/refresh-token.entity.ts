import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { EntityBase } from './entity-base';
import { User } from './user.entity';

/**
 * One refresh token, stored only as the SHA-256 of its value: a leaked table gives no usable token. Each
 * refresh rotates it (rotatedAt) and issues a successor in the same family; a rotated token shown again means
 * it was stolen, and the whole family is revoked (revokedAt).
 */
@Entity('refresh_tokens')
@Unique('UQ_refresh_tokens_token_hash', ['tokenHash'])
export class RefreshToken extends EntityBase {
  /** Hex SHA-256 of the token the client holds. */
  @Column({ type: String, length: 64 })
  tokenHash: string;

  /** Shared by a login's first token and every token rotated from it. */
  @Index()
  @Column({ type: String, length: 36 })
  familyId: string;

  @Index()
  @Column({ type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: Date })
  expiresAt: Date;

  /** Set when exchanged for its successor: it must never be accepted again. */
  @Column({ type: Date, nullable: true })
  rotatedAt: Date | null;

  /** Set on logout, or for the whole family when a rotated token is reused. */
  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;
}
