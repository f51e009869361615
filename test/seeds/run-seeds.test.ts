import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/data-source';
import { Item } from '../../src/entities/item.entity';
import type { Services } from '../../src/modules/app-module';
import { inDependencyOrder, loadSeeds, NamedSeed } from '../../src/seeds/load-seeds';
import { PROGRESS_EVERY, runSeeds, seedContext } from '../../src/seeds/run-seeds';
import { defineSeed } from '../../src/seeds/seed';
import { migrate } from '../support/test-app';
import { useTestDatabase } from '../support/test-databases';

/** `count` items named `Thing 1` ... written straight through the TypeORM repository. */
function itemSeed(count: number, names = Array.from({ length: count }, (_, index) => `Thing ${index + 1}`)): NamedSeed {
  return {
    name: 'things',
    seed: defineSeed({
      entity: Item,
      naturalKey: 'name',
      rows: () => names.map((name) => ({ name })),
      create: (row, { db }) => db.getRepository(Item).insert(row),
    }),
  };
}

describe('seed runner', () => {
  const database = useTestDatabase('sqlite');
  let db: DataSource;
  beforeAll(async () => {
    await migrate(database().config);
    db = createDataSource(database().config);
    await db.initialize();
  });
  afterAll(async () => {
    await db?.destroy();
  });
  const run = async (seed: NamedSeed) => {
    const lines: string[] = [];
    const reports = await runSeeds([seed], seedContext(db, {} as Services), (line) => lines.push(line));
    return { reports, lines };
  };

  it(`prints a progress line every ${PROGRESS_EVERY} rows of a larger batch, then the count`, async () => {
    const { reports, lines } = await run(itemSeed(60));
    expect(reports).toEqual([{ name: 'things', rows: 60, added: 60 }]);
    expect(lines).toEqual(['  things: 25/60', '  things: 50/60', 'things: 60 added, 0 already there']);
  });

  it('adds only the rows whose natural key is missing', async () => {
    const names = ['Thing 1', 'Thing 60', 'Thing 61', 'Thing 62'];
    const { reports, lines } = await run(itemSeed(names.length, names));
    expect(reports).toEqual([{ name: 'things', rows: 4, added: 2 }]);
    expect(lines).toEqual(['things: 2 added, 2 already there']);
    expect(await db.getRepository(Item).count()).toBe(62);
  });

  it('refuses sample rows whose natural keys collide (without case, as on SQL Server and MariaDB), before writing any', async () => {
    await expect(run(itemSeed(2, ['Twin', 'twin']))).rejects.toThrow('things.seed.ts: two sample rows have name "twin"');
    expect(await db.getRepository(Item).countBy({ name: 'Twin' })).toBe(0);
  });

  it('says which row is missing when a seed refers to one that is not there', async () => {
    const context = seedContext(db, {} as Services);
    await expect(context.idOf(Item, 'name', 'Ghost')).rejects.toThrow('no Item with name "Ghost" to refer to: is its seed missing?');
  });

  it("orders the project's seeds by their foreign keys: users before the products they own", () => {
    const seeds = loadSeeds();
    expect(seeds.map((seed) => seed.name)).toEqual(expect.arrayContaining(['items', 'products', 'users']));
    const order = inDependencyOrder([...seeds].reverse(), db).map((seed) => seed.name);
    expect(order.indexOf('users')).toBeLessThan(order.indexOf('products'));
  });

  it('names a file in src/seeds that does not export a seed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seeds-'));
    try {
      writeFileSync(path.join(dir, 'broken.seed.js'), 'exports.default = { rows: [] };');
      expect(() => loadSeeds(dir)).toThrow('broken.seed.js must `export default defineSeed({ entity, naturalKey, rows, create })`');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
