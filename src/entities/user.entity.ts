import { Column, Entity, Unique } from 'typeorm';
import { EntityBase } from './entity-base';

/** Named explicitly: MariaDB stores uniques as indexes and would otherwise name it like one. */
@Entity('users')
@Unique('UQ_users_email', ['email'])
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
}
