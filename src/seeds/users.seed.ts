import { User } from '../entities/user.entity';
import { UsersRepository } from '../repositories/users.repository';
import { passwordHasher } from '../services/password-hasher';
import { defineSeed } from './seed';

/** Every seeded user's password, for logging in to a development database (README, "Sample data"). */
export const SAMPLE_PASSWORD = 'sample-data-2024';

/** One admin and five users. */
export const SAMPLE_USERS: Array<Pick<User, 'email' | 'fullName' | 'role' | 'isActive'>> = [
  { email: 'admin@example.com', fullName: 'Grace Hopper', role: 'admin', isActive: true },
  { email: 'ada@example.com', fullName: 'Ada Lovelace', role: 'user', isActive: true },
  { email: 'alan@example.com', fullName: 'Alan Turing', role: 'user', isActive: true },
  { email: 'katherine@example.com', fullName: 'Katherine Johnson', role: 'user', isActive: true },
  { email: 'linus@example.com', fullName: 'Linus Torvalds', role: 'user', isActive: true },
  { email: 'margaret@example.com', fullName: 'Margaret Hamilton', role: 'user', isActive: false },
];

/** Through the repository: who may set a role is a rule about callers (UsersService), and a seed is not one. */
export default defineSeed({
  entity: User,
  naturalKey: 'email',
  rows: () => SAMPLE_USERS,
  create: async (user, { db }) => new UsersRepository(db).create({ ...user, passwordHash: await passwordHasher.hash(SAMPLE_PASSWORD) }),
});
