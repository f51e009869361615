import { seedCli } from '../../src/cli/seed';
import { createDataSource } from '../../src/database/data-source';
import { Item } from '../../src/entities/item.entity';
import { Product } from '../../src/entities/product.entity';
import { User } from '../../src/entities/user.entity';
import { SAMPLE_ITEMS } from '../../src/seeds/items.seed';
import { SAMPLE_PRODUCTS } from '../../src/seeds/products.seed';
import { SAMPLE_PASSWORD, SAMPLE_USERS } from '../../src/seeds/users.seed';
import { passwordHasher } from '../../src/services/password-hasher';
import { describeEachEngine } from '../support/each-engine';
import { ConfigOverrides, migrate, testConfig } from '../support/test-app';
import { TestDatabase, useTestDatabase } from '../support/test-databases';

async function seed(db: TestDatabase, argv: string[] = [], overrides: ConfigOverrides = {}): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await seedCli(argv, (line) => lines.push(line), testConfig(db.config, overrides));
  return { code, output: lines.join('\n') };
}

async function counts(db: TestDatabase): Promise<{ users: number; products: number; items: number }> {
  const dataSource = createDataSource(db.config);
  await dataSource.initialize();
  try {
    const [users, products, items] = await Promise.all([User, Product, Item].map((entity) => dataSource.getRepository(entity).count()));
    return { users, products, items };
  } finally {
    await dataSource.destroy();
  }
}

const SAMPLE_COUNTS = { users: SAMPLE_USERS.length, products: SAMPLE_PRODUCTS.length, items: SAMPLE_ITEMS.length };

describeEachEngine('npm run seed', (engine) => {
  const database = useTestDatabase(engine);
  beforeAll(async () => {
    await migrate(database().config);
  });

  it('fills every resource, users before the products they own, with progress for the larger batches', async () => {
    const { code, output } = await seed(database());
    expect(code).toBe(0);
    const lines = output.split('\n');
    expect(lines[0]).toMatch(/^seeding .* \(NODE_ENV=test\)$/);
    expect(lines).toEqual(
      expect.arrayContaining([
        `users: ${SAMPLE_USERS.length} added, 0 already there`,
        `products: ${SAMPLE_PRODUCTS.length} added, 0 already there`,
        `items: ${SAMPLE_ITEMS.length} added, 0 already there`,
        `  products: 25/${SAMPLE_PRODUCTS.length}`,
      ]),
    );
    expect(lines.findIndex((line) => line.startsWith('users:'))).toBeLessThan(lines.findIndex((line) => line.startsWith('products:')));
    expect(lines[lines.length - 1]).toMatch(/^added \d+ rows in \d+\.\d s$/);
    expect(await counts(database())).toEqual(SAMPLE_COUNTS);
  });

  it('adds nothing when run again', async () => {
    const { code, output } = await seed(database());
    expect(code).toBe(0);
    expect(output).toContain(`users: 0 added, ${SAMPLE_USERS.length} already there`);
    expect(output).toContain(`products: 0 added, ${SAMPLE_PRODUCTS.length} already there`);
    expect(output).toContain(`items: 0 added, ${SAMPLE_ITEMS.length} already there`);
    expect(output).toMatch(/nothing to add: every sample row is there in \d+\.\d s$/);
    expect(await counts(database())).toEqual(SAMPLE_COUNTS);
  });

  it('makes one admin, products owned by active non-admin users, and users who log in with the documented password', async () => {
    const dataSource = createDataSource(database().config);
    await dataSource.initialize();
    try {
      const users = await dataSource
        .getRepository(User)
        .find({ select: { id: true, email: true, role: true, isActive: true, passwordHash: true } });
      expect(users.filter((user) => user.role === 'admin').map((user) => user.email)).toEqual(['admin@example.com']);
      const owners = new Set((await dataSource.getRepository(Product).find()).map((product) => product.userId));
      expect([...owners].map((id) => users.find((user) => user.id === id))).toEqual(
        [...owners].map(() => expect.objectContaining({ role: 'user', isActive: true })),
      );
      expect(owners.size).toBe(4);
      expect(await passwordHasher.verify(users[0].passwordHash, SAMPLE_PASSWORD)).toBe(true);
    } finally {
      await dataSource.destroy();
    }
  });
});

describe('npm run seed: guards', () => {
  const database = useTestDatabase('sqlite', 'each');

  it('refuses a production configuration without --force, writing nothing', async () => {
    await migrate(database().config);
    const { code, output } = await seed(database(), [], { env: 'production' });
    expect(code).toBe(1);
    expect(output).toMatch(
      /^refusing to seed sqlite file .*: NODE_ENV=production\. Sample data does not belong there; pass --force if it does\.$/,
    );
    expect(await counts(database())).toEqual({ users: 0, products: 0, items: 0 });
  });

  it('seeds a production configuration with --force', async () => {
    await migrate(database().config);
    const { code, output } = await seed(database(), ['--force'], { env: 'production' });
    expect(code).toBe(0);
    expect(output).toContain('(NODE_ENV=production)');
    expect(await counts(database())).toEqual(SAMPLE_COUNTS);
  });

  it('refuses a database with pending migrations', async () => {
    const { code, output } = await seed(database());
    expect(code).toBe(1);
    expect(output).toMatch(/has \d+ pending migration\(s\) \(InitialSchema\d+, .*\): run npm run migration:run first$/);
  });

  it('explains itself with --help and refuses unknown options with exit code 2', async () => {
    const help = await seed(database(), ['--help']);
    expect(help.code).toBe(0);
    expect(help.output).toContain(`Seeded users log in with the password "${SAMPLE_PASSWORD}".`);
    const unknown = await seed(database(), ['--fast']);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toMatch(/^unknown option --fast\n\nnpm run seed \[-- --force\]/);
  });
});
