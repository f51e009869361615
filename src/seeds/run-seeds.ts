import { DataSource, EntityTarget, In, ObjectLiteral } from 'typeorm';
import type { Services } from '../modules/app-module';
import type { NamedSeed } from './load-seeds';
import type { SeedContext } from './seed';

type Print = (line: string) => void;

/** A progress line every this many rows, for seeds larger than that. */
export const PROGRESS_EVERY = 25;
/** Keys per IN (...) when looking for existing rows: SQL Server takes at most 2,100 parameters. */
const KEYS_PER_QUERY = 500;

export interface SeedReport {
  name: string;
  rows: number;
  added: number;
}

/**
 * SQL Server's and MariaDB's default collations compare text without case, so `IN ('LGT-001')` finds `lgt-001`
 * there: found keys are compared without case too (on PostgreSQL and SQLite the query itself is exact).
 */
const comparable = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);

async function existingKeys<E extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<E>,
  key: string,
  values: unknown[],
): Promise<Set<unknown>> {
  const found = new Set<unknown>();
  for (let start = 0; start < values.length; start += KEYS_PER_QUERY) {
    const rows = await db
      .getRepository(entity)
      .find({ select: { [key]: true } as never, where: { [key]: In(values.slice(start, start + KEYS_PER_QUERY)) } as never });
    for (const row of rows) found.add(comparable(row[key]));
  }
  return found;
}

export function seedContext(db: DataSource, services: Services): SeedContext {
  return {
    db,
    services,
    async idOf(entity, field, value) {
      const row = await db.getRepository(entity).findOne({ select: { id: true } as never, where: { [field]: value } as never });
      if (!row)
        throw new Error(`no ${db.getMetadata(entity).targetName} with ${field} ${JSON.stringify(value)} to refer to: is its seed missing?`);
      return row.id as number;
    },
    async idsOf(entity, limit = 100) {
      const rows = await db.getRepository(entity).find({ select: { id: true } as never, order: { id: 'ASC' } as never, take: limit });
      if (!rows.length) throw new Error(`no ${db.getMetadata(entity).targetName} rows to refer to: is its seed missing?`);
      return rows.map((row) => row.id as number);
    },
  };
}

async function runSeed({ name, seed }: NamedSeed, context: SeedContext, print: Print): Promise<SeedReport> {
  const rows = await seed.rows(context);
  const values = rows.map((row) => (row as Record<string, unknown>)[seed.naturalKey]);
  const keys = values.map(comparable);
  const repeated = keys.find((key, index) => keys.indexOf(key) !== index);
  if (repeated !== undefined) throw new Error(`${name}.seed.ts: two sample rows have ${seed.naturalKey} ${JSON.stringify(repeated)}`);
  const existing = await existingKeys(context.db, seed.entity, seed.naturalKey, values);
  const missing = rows.filter((_row, index) => !existing.has(keys[index]));

  let added = 0;
  for (const row of missing) {
    await seed.create(row, context);
    added += 1;
    if (missing.length > PROGRESS_EVERY && added % PROGRESS_EVERY === 0 && added < missing.length)
      print(`  ${name}: ${added}/${missing.length}`);
  }
  print(`${name}: ${added} added, ${rows.length - added} already there`);
  return { name, rows: rows.length, added };
}

/** Runs the seeds one after the other (in the order given), printing a line per seed and progress for large ones. */
export async function runSeeds(seeds: NamedSeed[], context: SeedContext, print: Print): Promise<SeedReport[]> {
  const reports: SeedReport[] = [];
  for (const seed of seeds) reports.push(await runSeed(seed, context, print));
  return reports;
}
