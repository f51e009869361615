import type { FastifyInstance } from 'fastify';
import { LoggedIn, loginAs } from './auth';

let sequence = 0;
const next = () => `${process.pid}-${++sequence}`;

export interface UserBody {
  id: number;
  email: string;
  fullName: string;
  isActive: boolean;
  role: 'admin' | 'user';
  createdAt: string;
  updatedAt: string;
}

export interface ProductBody {
  id: number;
  name: string;
  sku: string;
  price: number;
  quantity: number;
  status: string;
  userId: number;
  category: string | null;
  description: string | null;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One admin and one plain user per app, for factories whose caller does not care who acts. */
const sessions = new WeakMap<FastifyInstance, Partial<Record<'admin' | 'user', Promise<LoggedIn>>>>();

export function sessionOf(app: FastifyInstance, role: 'admin' | 'user'): Promise<LoggedIn> {
  const cached = sessions.get(app) ?? {};
  sessions.set(app, cached);
  return (cached[role] ??= loginAs(app, role));
}

/** A user made through the API by the app's admin (user management is admin-only). */
export async function createUser(app: FastifyInstance, overrides: Record<string, unknown> = {}): Promise<UserBody> {
  const admin = await sessionOf(app, 'admin');
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: admin.headers,
    payload: { email: `user-${next()}@example.com`, fullName: 'Test User', password: 'correct-horse-battery', ...overrides },
  });
  if (response.statusCode !== 201) throw new Error(`createUser: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** A product owned by `owner` (default: the app's plain user), who is whoever creates it. */
export async function createProduct(app: FastifyInstance, overrides: Record<string, unknown> = {}, owner?: LoggedIn): Promise<ProductBody> {
  const { headers } = owner ?? (await sessionOf(app, 'user'));
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/products',
    headers,
    payload: { name: 'Widget', sku: `SKU-${next()}`, price: 9.99, ...overrides },
  });
  if (response.statusCode !== 201) throw new Error(`createProduct: ${response.statusCode} ${response.body}`);
  return response.json();
}
