import { PRODUCT_SORT_FIELDS } from '../../src/entities/product.dto';
import { loginAs } from '../support/auth';
import { describeEachEngine } from '../support/each-engine';
import { createProduct, ProductBody } from '../support/factories';
import { expectValidationError, startTestApp, TestApp } from '../support/test-app';

interface Listing {
  data: ProductBody[];
  pagination: { page?: number; pageSize: number; totalItems?: number; totalPages?: number; nextCursor: string | null };
}

const cursorOf = (value: unknown[]) => Buffer.from(JSON.stringify(value)).toString('base64url');

describeEachEngine('cursor pagination', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A fresh owner per test, so each test lists only its own products. */
  async function ownerWith(specs: Record<string, unknown>[]) {
    const session = await loginAs(t.app, 'user');
    const made: ProductBody[] = [];
    for (const spec of specs) made.push(await createProduct(t.app, spec, session));
    return { owner: session.user.id, made, session };
  }

  const listing = async (owner: number, query: string): Promise<Listing> => {
    const response = await t.app.inject({ url: `/api/v1/products?userId=${owner}&${query}` });
    if (response.statusCode !== 200) throw new Error(`${query}: ${response.statusCode} ${response.body}`);
    return response.json();
  };

  /** Follows nextCursor from the first page to the last, calling `between` before each next page. */
  async function walk(owner: number, query: string, between: () => Promise<unknown> = async () => undefined): Promise<number[]> {
    let page = await listing(owner, query);
    const ids = page.data.map((p) => p.id);
    while (page.pagination.nextCursor) {
      // a cursor that does not move on would page forever
      if (ids.length > 200) throw new Error(`${query}: still paging after ${ids.length} rows`);
      await between();
      page = await listing(owner, `${query}&cursor=${page.pagination.nextCursor}`);
      ids.push(...page.data.map((p) => p.id));
    }
    return ids;
  }

  describe('with ties on every sort field', () => {
    let owner: number;
    beforeAll(async () => {
      ({ owner } = await ownerWith([
        { name: 'Bolt', price: 1.5, quantity: 3 },
        { name: 'anvil', price: 250, quantity: 3 },
        { name: 'Bolt', price: 1.5, quantity: 7 },
        { name: 'Chisel', price: 12, quantity: 0 },
        { name: 'Anvil', price: 12, quantity: 7 },
        { name: 'drill', price: 99.99, quantity: 1 },
        { name: 'Bolt', price: 0.5, quantity: 3 },
      ]));
    });

    const sorts = PRODUCT_SORT_FIELDS.flatMap((field) => [field, `-${field}`]).concat(['name,-price', '-quantity,name']);
    it.each(sorts)('sort=%s: the cursor pages, joined, are the one-page list (each row once, same order)', async (sort) => {
      const all = (await listing(owner, `sort=${sort}&pageSize=100`)).data.map((p) => p.id);
      expect(all).toHaveLength(7);
      expect(await walk(owner, `sort=${sort}&pageSize=2`)).toEqual(all);
    });

    it('continues an offset page with its nextCursor: the next page is the same', async () => {
      const first = await listing(owner, 'sort=-price&page=2&pageSize=2');
      const third = await listing(owner, 'sort=-price&page=3&pageSize=2');
      const next = await listing(owner, `sort=-price&pageSize=2&cursor=${first.pagination.nextCursor}`);
      expect(next.data).toEqual(third.data);
    });
  });

  it('stays stable while rows are inserted between pages: no row twice, none of the first rows missed', async () => {
    const { owner, made, session } = await ownerWith(
      Array.from({ length: 7 }, (_, i) => ({ name: `Item ${String.fromCharCode(66 + i)}` })),
    );
    let inserted = 0;
    // new rows land before the cursor (newer, "A…") and after it ("Z…") while the pages are fetched
    const insert = () => createProduct(t.app, { name: `${inserted++ % 2 ? 'A' : 'Z'} new ${inserted}` }, session);
    for (const sort of ['-createdAt', 'createdAt', 'name', '-name', '-id']) {
      const ids = await walk(owner, `sort=${sort}&pageSize=2`, insert);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expect.arrayContaining(made.map((p) => p.id)));
    }
    expect(inserted).toBeGreaterThan(10);
  });

  it('counts only when asked: page mode by default, cursor mode with withTotal=true', async () => {
    const { owner, made } = await ownerWith([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    const first = await listing(owner, 'pageSize=2&withTotal=false');
    expect(first.pagination).toEqual({ page: 1, pageSize: 2, nextCursor: expect.stringMatching(/^[A-Za-z0-9_-]+$/) });
    const rest = await listing(owner, `pageSize=2&cursor=${first.pagination.nextCursor}`);
    expect(rest).toEqual({ data: [made[2]], pagination: { pageSize: 2, nextCursor: null } });
    const counted = await listing(owner, `pageSize=2&withTotal=true&cursor=${first.pagination.nextCursor}`);
    expect(counted.pagination).toEqual({ pageSize: 2, totalItems: 3, totalPages: 2, nextCursor: null });
    expect((await listing(owner, 'pageSize=3')).pagination).toEqual({
      page: 1,
      pageSize: 3,
      totalItems: 3,
      totalPages: 1,
      nextCursor: null,
    });
  });

  describe('refuses a cursor it did not issue with a 400 naming cursor', () => {
    let owner: number;
    let issued: string;
    beforeAll(async () => {
      ({ owner } = await ownerWith([{ name: 'one' }, { name: 'two' }]));
      issued = (await listing(owner, 'sort=-createdAt&pageSize=1')).pagination.nextCursor!;
    });
    const list = (query: string) => t.app.inject({ url: `/api/v1/products?userId=${owner}&${query}` });

    it.each([
      ['not base64url', 'abc$def', 'must be the nextCursor of a previous page'],
      ['not JSON', 'bm90IGpzb24', 'is not a cursor this API issued'],
      ['not an array', cursorOf({ id: 1 } as never), 'is not a cursor this API issued'],
      ['a value missing', cursorOf(['-createdAt,-id', '2024-05-01 10:00:00']), 'is not a cursor this API issued'],
      ['an id that is text', cursorOf(['-createdAt,-id', '2024-05-01 10:00:00', '1 OR 1=1']), 'is not a cursor this API issued'],
      ['an id beyond the column', cursorOf(['-createdAt,-id', '2024-05-01 10:00:00', 2 ** 40]), 'is not a cursor this API issued'],
      ['a date that does not exist', cursorOf(['-createdAt,-id', '2024-02-30 10:00:00', 1]), 'is not a cursor this API issued'],
      ['a date that is not one', cursorOf(['-createdAt,-id', 'yesterday', 1]), 'is not a cursor this API issued'],
      ['a sort signature that is not one', cursorOf(['x;drop', 1]), 'is not a cursor this API issued'],
      ['too long', 'A'.repeat(5000), 'must be at most 4096 characters'],
    ])('%s', async (_case, cursor, reason) => {
      expectValidationError(await list(`sort=-createdAt&cursor=${cursor}`), 'cursor', reason);
    });

    it('issued for another sort: says which', async () => {
      expectValidationError(await list(`sort=name&cursor=${issued}`), 'cursor', 'was issued for sort=-createdAt,-id');
    });

    it('together with page', async () => {
      expectValidationError(await list(`sort=-createdAt&page=2&cursor=${issued}`), 'cursor', 'cannot be combined with page');
    });

    it('while the cursor it issued works', async () => {
      expect((await list(`sort=-createdAt&cursor=${issued}`)).statusCode).toBe(200);
    });
  });
});
