import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { createDataSource } from '../../src/database/data-source';
import { Item } from '../../src/entities/item.entity';
import { Product } from '../../src/entities/product.entity';
import { User } from '../../src/entities/user.entity';
import type { CrudRepository } from '../../src/repositories/crud.repository';
import { ItemsRepository } from '../../src/repositories/items.repository';
import { ProductsRepository } from '../../src/repositories/products.repository';
import { UsersRepository } from '../../src/repositories/users.repository';
import { describeEachEngine } from '../support/each-engine';
import { migrate } from '../support/test-app';
import { useTestDatabase } from '../support/test-databases';

/**
 * The repository builds its SQL once per shape and hydrates rows itself (src/repositories/entity-rows.ts):
 * what it returns must be what TypeORM would have, on every engine, inside transactions too.
 */
describeEachEngine('CrudRepository', (engine) => {
  let dataSource: DataSource;
  // declared before useTestDatabase: jest runs afterAll hooks in declaration order, and the pool must close before
  // the database is dropped (SQL Server refuses to drop a database in use)
  afterAll(async () => {
    await dataSource?.destroy();
  });
  const database = useTestDatabase(engine);
  let products: ProductsRepository;
  let owner: number;
  beforeAll(async () => {
    await migrate(database().config);
    dataSource = createDataSource(database().config);
    await dataSource.initialize();
    products = new ProductsRepository(dataSource);
    owner = (await new UsersRepository(dataSource).create({ email: 'owner@example.com', fullName: 'Owner', passwordHash: 'x' })).id;
  });

  let sequence = 0;
  const make = (values: Partial<Product> = {}) =>
    products.create({ name: 'Lamp', sku: `REPO-${++sequence}`, price: 12.5, userId: owner, ...values });

  it('creates a row and returns it as stored: id, database defaults, timestamps, transformed price', async () => {
    const created = await make({ description: undefined });
    expect(created).toEqual({
      id: expect.any(Number),
      name: 'Lamp',
      sku: `REPO-${sequence}`,
      description: null,
      price: 12.5,
      quantity: 0,
      isActive: true,
      status: 'active',
      category: null,
      userId: owner,
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
    expect(Math.abs(created.createdAt.getTime() - Date.now())).toBeLessThan(5 * 60_000);
    expect(await products.findById(created.id)).toEqual(created);
  });

  it('updates only the given fields, moves updatedAt, and answers null for a missing id', async () => {
    const created = await make({ category: 'desk', quantity: 4 });
    const updated = await products.update(created.id, { price: 9.99, isActive: false, category: undefined });
    expect(updated).toEqual({ ...created, price: 9.99, isActive: false, updatedAt: expect.any(Date) });
    expect(updated!.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
    expect(await products.findById(created.id)).toEqual(updated);
    expect(await products.update(987_654, { price: 1 })).toBeNull();
    expect(await products.update(created.id, {})).toEqual(updated);
  });

  it('reads every entity exactly as TypeORM finds it: same class, same values and types, nulls and all', async () => {
    const items = new ItemsRepository(dataSource);
    const users = new UsersRepository(dataSource);
    const reads: [CrudRepository<{ id: number }>, EntityTarget<ObjectLiteral>, number][] = [
      [products, Product, (await make({ description: 'Brass', category: 'desk', quantity: 3, isActive: false })).id],
      [products, Product, (await make({ description: undefined })).id],
      [items, Item, (await items.create({ name: 'Item', description: undefined })).id],
      [users, User, (await users.create({ email: 'exact@example.com', fullName: 'Exact', passwordHash: 'x', role: 'admin' })).id],
    ];
    for (const [repository, target, id] of reads) {
      const ours = await repository.findById(id);
      const typeorms = await dataSource.getRepository(target).findOneBy({ id });
      expect(ours).toBeInstanceOf(target as new () => unknown);
      expect(ours).toStrictEqual(typeorms);
    }
    const [, , userId] = reads[3];
    // toEqual: the entity's other properties exist, unset (undefined)
    expect(await users.findFieldsById(userId, ['isActive', 'role'])).toEqual({ isActive: true, role: 'admin' });
    expect(await users.findFieldsById(987_654, ['role'])).toBeNull();
  });

  it('never selects a column marked select: false', async () => {
    const users = new UsersRepository(dataSource);
    const user = await users.create({ email: 'hidden@example.com', fullName: 'Hidden', passwordHash: 'secret-hash' });
    expect(user.passwordHash).toBeUndefined();
    expect((await users.findById(user.id))!.passwordHash).toBeUndefined();
  });

  it('runs in the transaction it is given: a rollback takes its writes back', async () => {
    const kept = await make();
    let inside: Product | undefined;
    await expect(
      dataSource.transaction(async (manager) => {
        await products.update(kept.id, { name: 'Renamed' }, manager);
        inside = await products.create({ name: 'Gone', sku: `REPO-${++sequence}`, price: 1, userId: owner }, manager);
        expect(await products.findById(inside.id, manager)).toEqual(inside);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await products.findById(inside!.id)).toBeNull();
    expect((await products.findById(kept.id))!.name).toBe('Lamp');
  });

  it('lists pages (LIMIT and OFFSET bound as parameters) with totals and the key where the next page starts', async () => {
    const mine = await new UsersRepository(dataSource).create({ email: 'lister@example.com', fullName: 'Lister', passwordHash: 'x' });
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await products.create({ name: `P${i}`, sku: `LIST-${i}`, price: 1 + i, userId: mine.id }));
    const page = (offset: number) =>
      products.list({
        pageSize: 2,
        offset,
        filters: [{ field: 'userId', op: 'eq', value: mine.id }],
        sort: [{ field: 'id', descending: false }],
        withTotal: true,
      });
    const pages = await Promise.all([0, 2, 4].map(page));
    expect(pages.map((p) => p.rows.map((r) => r.id))).toEqual([[made[0].id, made[1].id], [made[2].id, made[3].id], [made[4].id]]);
    expect(pages.map((p) => p.total)).toEqual([5, 5, 5]);
    expect(pages.map((p) => p.nextKey)).toEqual([[made[1].id], [made[3].id], null]);
  });
});
