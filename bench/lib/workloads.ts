/** One HTTP request of a workload, made fresh for every request autocannon sends. */
export interface BenchRequest {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: Record<string, unknown>;
  /** 200 or 201: anything else is counted as a failure. */
  expect: number;
}

export type WorkloadName = 'get' | 'list' | 'create' | 'update';
export const WORKLOADS: WorkloadName[] = ['get', 'list', 'create', 'update'];

export interface Workload {
  name: WorkloadName | 'mixed';
  /** Requests that change rows need the bench user's token. */
  writes: boolean;
  next(): BenchRequest;
}

const PRODUCTS = '/api/v1/products';
let skuSequence = 0;
const runTag = Date.now().toString(36);

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const cents = () => Math.round(1 + Math.random() * 99_999) / 100;

/** The four workloads of the issue, over the ids the seed created. */
export function workloads(ids: readonly number[]): Record<WorkloadName | 'mixed', Workload> {
  const each: Record<WorkloadName, Workload> = {
    get: { name: 'get', writes: false, next: () => ({ method: 'GET', path: `${PRODUCTS}/${pick(ids)}`, expect: 200 }) },
    list: {
      name: 'list',
      writes: false,
      next: () => ({
        method: 'GET',
        path: `${PRODUCTS}?sort=-createdAt&page=${1 + Math.floor(Math.random() * 50)}&pageSize=20`,
        expect: 200,
      }),
    },
    create: {
      name: 'create',
      writes: true,
      next: () => ({
        method: 'POST',
        path: PRODUCTS,
        body: { name: 'Bench widget', sku: `B${runTag}-${++skuSequence}`, price: cents(), quantity: 3, category: 'bench' },
        expect: 201,
      }),
    },
    update: {
      name: 'update',
      writes: true,
      next: () => ({ method: 'PATCH', path: `${PRODUCTS}/${pick(ids)}`, body: { price: cents() }, expect: 200 }),
    },
  };
  // the soak: every request one of the four, at random
  const mixed: Workload = { name: 'mixed', writes: true, next: () => pick(Object.values(each)).next() };
  return { ...each, mixed };
}
