import type { FastifyInstance } from 'fastify';

let sequence = 0;
const next = () => `${process.pid}-${++sequence}`;

export interface UserBody {
  id: number;
  email: string;
  fullName: string;
  isActive: boolean;
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

export async function createUser(app: FastifyInstance, overrides: Record<string, unknown> = {}): Promise<UserBody> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/users',
    payload: { email: `user-${next()}@example.com`, fullName: 'Test User', password: 'correct-horse-battery', ...overrides },
  });
  if (response.statusCode !== 201) throw new Error(`createUser: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** One owner per app for products that do not name one: hashing a password per product would slow every test. */
const defaultOwners = new WeakMap<FastifyInstance, Promise<UserBody>>();

export async function createProduct(app: FastifyInstance, overrides: Record<string, unknown> = {}): Promise<ProductBody> {
  if (!defaultOwners.has(app)) defaultOwners.set(app, createUser(app));
  const userId = overrides.userId ?? (await defaultOwners.get(app)!).id;
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/products',
    payload: { name: 'Widget', sku: `SKU-${next()}`, price: 9.99, ...overrides, userId },
  });
  if (response.statusCode !== 201) throw new Error(`createProduct: ${response.statusCode} ${response.body}`);
  return response.json();
}
