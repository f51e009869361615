import { Column, Entity, Index, Unique } from 'typeorm';
import { EntityBase } from './entity-base';

export const USER_ROLES = ['admin', 'user'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/**
 * The unique is named explicitly: MariaDB stores uniques as indexes and would otherwise name it like one.
 * One (field, id) index per sort field (USER_SORT_FIELDS), so sorted and cursor pages stay index reads.
 */
@Entity('users')
@Unique('UQ_users_email', ['email'])
@Index(['email', 'id'])
@Index(['fullName', 'id'])
@Index(['createdAt', 'id'])
export class User extends EntityBase {
  @Column({ type: String, length: 255 })
  email: string;

  @Column({ type: String, length: 255 })
  fullName: string;

  /** Never selected unless asked for, so no query that feeds a response can carry it. */
  @Column({ type: String, length: 255, select: false })
  passwordHash: string;

  @Column({ type: Boolean, default: true })
  isActive: boolean;

  @Column({ type: 'simple-enum', enum: USER_ROLES, default: 'user' })
  role: UserRole;
}
