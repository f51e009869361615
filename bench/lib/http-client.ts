import { Progress } from './progress';
import type { BenchRequest } from './workloads';

export interface Reply {
  status: number;
  body: unknown;
}

export async function call(origin: string, request: Pick<BenchRequest, 'method' | 'path' | 'body'>, token?: string): Promise<Reply> {
  const response = await fetch(`${origin}${request.path}`, {
    method: request.method,
    headers: { ...(request.body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: request.body ? JSON.stringify(request.body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function expectStatus(
  origin: string,
  request: Pick<BenchRequest, 'method' | 'path' | 'body'>,
  status: number,
  token?: string,
): Promise<Reply> {
  const reply = await call(origin, request, token);
  if (reply.status !== status) throw new Error(`${request.method} ${request.path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply;
}

/** Registers the bench user through the API and logs in: its token makes and changes the bench's products. */
export async function benchUserToken(origin: string): Promise<string> {
  const credentials = { email: 'bench@example.com', password: 'correct-horse-battery-staple-7' };
  await expectStatus(origin, { method: 'POST', path: '/api/v1/auth/register', body: { ...credentials, fullName: 'Bench' } }, 201);
  const login = await expectStatus(origin, { method: 'POST', path: '/api/v1/auth/login', body: credentials }, 200);
  return (login.body as { accessToken: string }).accessToken;
}

const SEED_CONCURRENCY = 8;

/** `count` products created through the API, a few at a time; returns their ids. */
export async function seedThroughApi(origin: string, token: string, count: number): Promise<number[]> {
  const progress = new Progress(`seeding ${count.toLocaleString('en-US')} products through the API`, count);
  const ids: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = ++next;
      const body = { name: `Seeded product ${i}`, sku: `SEED-${i}`, price: (i % 1000) + 0.99, quantity: i % 50, category: `cat-${i % 20}` };
      const reply = await expectStatus(origin, { method: 'POST', path: '/api/v1/products', body }, 201, token);
      ids.push((reply.body as { id: number }).id);
      progress.update(ids.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
  } finally {
    progress.done();
  }
  return ids.sort((a, b) => a - b);
}
