import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDataSource } from '../../src/database/data-source';
import { encodeCursor } from '../../src/services/page-cursor';
import { parseSort } from '../../src/services/paging';
import { BenchDatabase, BenchEngine, createBenchDatabase, seedDirectly } from './bench-database';
import { drive } from './load';
import { startTarget } from './target-process';

export interface DeepPageOptions {
  engine: BenchEngine;
  postgresUrl?: string;
  sizes: [small: number, large: number];
  durationS: number;
  warmUpS: number;
  server: string;
  projectEnv: Record<string, string>;
}

/** p50 / p99 in ms at each table size, and large ÷ small. */
export interface ScaleResult {
  path: string;
  p50Ms: [number, number];
  p99Ms: [number, number];
  requests: [number, number];
  p50Ratio: number;
}

export interface DeepPageResult {
  sizes: [number, number];
  /** How deep the measured pages start, as a share of the table. */
  depth: number;
  cursor: ScaleResult;
  offset: ScaleResult;
  exactTotal: ScaleResult;
  noTotal: ScaleResult;
}

const DEPTH = 0.9;
const PAGE_SIZE = 20;
const SORT = '-createdAt';

/** The cursor of the row DEPTH of the way down the newest-first order, made as the service makes one. */
async function deepCursor(database: BenchDatabase, rows: number): Promise<string> {
  const dataSource = createDataSource(database.config);
  await dataSource.initialize();
  try {
    const [row] = await dataSource.query(
      `SELECT CAST(created_at AS TEXT) AS created_at, id FROM products ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ${Math.floor(rows * DEPTH)}`,
    );
    return encodeCursor(parseSort(SORT), [row.created_at, Number(row.id)]);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * The same list requests on a small and a large table (seeded straight into the database), one connection at
 * a time so the figure is the request's own latency: a cursor page and an offset page DEPTH of the way down,
 * and the first page with and without its exact total.
 */
export async function measureDeepPages(options: DeepPageOptions): Promise<DeepPageResult> {
  type Measured = Record<string, { p50Ms: number; p99Ms: number; requests: number; path: string }>;
  const perSize: Measured[] = [];
  for (const rows of options.sizes) {
    const database = await createBenchDatabase(options.engine, options.postgresUrl, 4);
    try {
      await seedDirectly(database, rows);
      await database.settle();
      const cursor = await deepCursor(database, rows);
      const paths = {
        cursor: `/api/v1/products?sort=${SORT}&pageSize=${PAGE_SIZE}&cursor=${cursor}`,
        offset: `/api/v1/products?sort=${SORT}&pageSize=${PAGE_SIZE}&withTotal=false&page=${Math.floor((rows * DEPTH) / PAGE_SIZE) + 1}`,
        exactTotal: `/api/v1/products?sort=${SORT}&pageSize=${PAGE_SIZE}`,
        noTotal: `/api/v1/products?sort=${SORT}&pageSize=${PAGE_SIZE}&withTotal=false`,
      };
      const log = path.join(mkdtempSync(path.join(tmpdir(), 'tsbp-bench-log-')), 'project.log');
      const target = await startTarget('project', options.server, { ...options.projectEnv, ...database.projectEnv }, '/health/ready', log);
      try {
        const measured: Measured = {};
        for (const [name, url] of Object.entries(paths)) {
          const workload = { name: 'list' as const, writes: false, next: () => ({ method: 'GET' as const, path: url, expect: 200 }) };
          if (options.warmUpS > 0) await drive(target, workload, { durationS: options.warmUpS, connections: 1, token: '' });
          const result = await drive(target, workload, { durationS: options.durationS, connections: 1, token: '' });
          if (result.failures) throw new Error(`${url} failed ${result.failures} times on ${rows} rows`);
          measured[name] = { ...result, path: url.replace(/cursor=[^&]+/, 'cursor=…') };
        }
        perSize.push(measured);
      } finally {
        await target.stop();
      }
    } finally {
      await database.drop();
    }
  }
  const scale = (name: string): ScaleResult => {
    const [small, large] = perSize.map((measured) => measured[name]);
    return {
      path: large.path,
      p50Ms: [small.p50Ms, large.p50Ms],
      p99Ms: [small.p99Ms, large.p99Ms],
      requests: [small.requests, large.requests],
      p50Ratio: large.p50Ms / small.p50Ms,
    };
  };
  return {
    sizes: options.sizes,
    depth: DEPTH,
    cursor: scale('cursor'),
    offset: scale('offset'),
    exactTotal: scale('exactTotal'),
    noTotal: scale('noTotal'),
  };
}
