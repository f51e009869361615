import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Seed } from './seed';

const SEED_FILE = /\.seed\.(ts|js)$/;

export interface NamedSeed {
  /** The file name without `.seed.ts`: `products`. */
  name: string;
  seed: Seed;
}

function isSeed(value: unknown): value is Seed {
  if (typeof value !== 'object' || value === null) return false;
  const { entity, naturalKey, rows, create } = value as Record<string, unknown>;
  return entity !== undefined && typeof naturalKey === 'string' && typeof rows === 'function' && typeof create === 'function';
}

/** Every `*.seed.ts` (`.js` once built) beside this file, as modules are found: a new resource adds a file, not a line. */
export function loadSeeds(directory = __dirname): NamedSeed[] {
  return readdirSync(directory)
    .filter((file) => SEED_FILE.test(file) && !file.endsWith('.d.ts'))
    .sort()
    .map((file) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- discovery by file name needs a dynamic require
      const exported: unknown = require(path.join(directory, file)).default;
      if (!isSeed(exported))
        throw new Error(`${file} must \`export default defineSeed({ entity, naturalKey, rows, create })\` (src/seeds/seed.ts)`);
      return { name: file.replace(SEED_FILE, ''), seed: exported };
    });
}

/**
 * The seeds ordered so that each runs after the seeds of the entities its entity has foreign keys to (products
 * after users), read from the entity metadata, so no seed has to name another. Ties keep file-name order.
 */
export function inDependencyOrder(seeds: NamedSeed[], db: DataSource): NamedSeed[] {
  const metadataOf = (seed: NamedSeed) => db.getMetadata(seed.seed.entity);
  const ordered: NamedSeed[] = [];
  const visiting = new Set<NamedSeed>();
  const visit = (seed: NamedSeed): void => {
    if (ordered.includes(seed)) return;
    if (visiting.has(seed)) throw new Error(`seeds refer to each other in a circle through ${seed.name}.seed.ts`);
    visiting.add(seed);
    const targets = metadataOf(seed).foreignKeys.map((foreignKey) => foreignKey.referencedEntityMetadata);
    for (const other of seeds) if (other !== seed && targets.includes(metadataOf(other))) visit(other);
    visiting.delete(seed);
    ordered.push(seed);
  };
  seeds.forEach(visit);
  return ordered;
}
