import type { UserRole } from '../entities/user.entity';

/** Who is asking: the user a verified access token names, with the role the database holds for them now. */
export interface Actor {
  id: number;
  role: UserRole;
}

export const isAdmin = (actor: Actor | undefined): boolean => actor?.role === 'admin';

/** Whoever runs a command on the server itself (npm run user:create-admin): trusted like an admin, no user row. */
export const OPERATOR: Actor = { id: 0, role: 'admin' };
