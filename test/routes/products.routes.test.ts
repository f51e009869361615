import { LoggedIn, loginAs } from '../support/auth';
import { describeEachEngine } from '../support/each-engine';
import { createProduct, ProductBody, sessionOf } from '../support/factories';
import { expectValidationError, startTestApp, TestApp } from '../support/test-app';

describeEachEngine('products routes', (engine) => {
  let t: TestApp;
  let user: LoggedIn;
  beforeAll(async () => {
    t = await startTestApp(engine);
    // the owner createProduct uses unless told otherwise
    user = await sessionOf(t.app, 'user');
  });
  afterAll(async () => {
    await t?.close();
  });
  const post = (payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/products', headers: user.headers, payload });
  const patch = (id: number | string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'PATCH', url: `/api/v1/products/${id}`, headers: user.headers, payload });

  describe('POST /api/v1/products', () => {
    it('creates a product owned by the caller, with database defaults, and returns 201', async () => {
      const response = await post({ name: 'Lamp', sku: 'LAMP-1', price: 19.99, description: 'A desk lamp' });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(body).toEqual({
        id: expect.any(Number),
        name: 'Lamp',
        sku: 'LAMP-1',
        price: 19.99,
        quantity: 0,
        isActive: true,
        status: 'active',
        category: null,
        description: 'A desk lamp',
        userId: user.user.id,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/),
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(Math.abs(Date.parse(body.createdAt) - Date.now())).toBeLessThan(5 * 60_000);
      expect(response.headers['x-request-id']).toEqual(expect.any(String));
    });

    it('rejects every invalid field at once, naming each', async () => {
      const response = await post({ name: '', sku: 'has space', price: 0, quantity: -1, status: 'gone' });
      expectValidationError(response, 'name', 'must not be empty');
      expectValidationError(response, 'sku', 'may hold only letters');
      expectValidationError(response, 'price', 'must be > 0');
      expectValidationError(response, 'quantity', 'must be >= 0');
      expectValidationError(response, 'status', 'must be one of: active, inactive');
    });

    it('names missing required fields', async () => {
      const response = await post({ name: 'x' });
      expectValidationError(response, 'sku', 'is required');
      expectValidationError(response, 'price', 'is required');
      expect(response.json().details).toHaveLength(2);
    });

    it('rejects unknown fields, the owner included, instead of storing or dropping them (no mass assignment)', async () => {
      const response = await post({ name: 'x', sku: 'MASS-1', price: 1, userId: 1, id: 999, createdAt: '2000-01-01T00:00:00Z' });
      expectValidationError(response, 'userId', 'is not an allowed field');
      expectValidationError(response, 'id', 'is not an allowed field');
      expectValidationError(response, 'createdAt', 'is not an allowed field');
    });

    it('does not coerce JSON types in bodies', async () => {
      const response = await post({ name: 'x', sku: 'COERCE-1', price: '12.50', isActive: 'yes' });
      expectValidationError(response, 'price', 'must be of type number');
      expectValidationError(response, 'isActive', 'must be of type boolean');
    });

    it('limits price to two decimal places and the DECIMAL(10,2) range', async () => {
      const base = { name: 'x', sku: 'PRICE-1' };
      expectValidationError(await post({ ...base, price: 1.005 }), 'price', 'at most 2 decimal places');
      expectValidationError(await post({ ...base, price: 100_000_000 }), 'price', 'must be <=');
      const ok = await post({ ...base, price: 0.07 });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().price).toBe(0.07);
    });

    it('answers 409 naming sku when it is taken', async () => {
      const existing = await createProduct(t.app);
      const response = await post({ name: 'Copy', sku: existing.sku, price: 1 });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({
        statusCode: 409,
        code: 'CONFLICT',
        message: 'sku is already taken',
        details: [{ field: 'sku', reason: 'is already taken' }],
      });
    });
  });

  describe('GET /api/v1/products/:id', () => {
    it('returns the product', async () => {
      const product = await createProduct(t.app, { category: 'tools' });
      const response = await t.app.inject({ url: `/api/v1/products/${product.id}` });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(product);
    });

    it('answers 404 with a stable code for a missing id', async () => {
      const response = await t.app.inject({ url: '/api/v1/products/99999' });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        statusCode: 404,
        code: 'NOT_FOUND',
        error: 'Not Found',
        message: 'Product 99999 was not found',
        requestId: expect.any(String),
      });
    });

    it('answers 400 for an id that is not a positive integer', async () => {
      expectValidationError(await t.app.inject({ url: '/api/v1/products/abc' }), 'id');
      expectValidationError(await t.app.inject({ url: '/api/v1/products/0' }), 'id', 'must be a whole number from 1 to 2147483647');
      expectValidationError(await t.app.inject({ url: '/api/v1/products/99999999999' }), 'id');
    });
  });

  describe('PATCH /api/v1/products/:id', () => {
    it('changes only the given fields, clears a nullable one with null and moves updatedAt forward', async () => {
      const product = await createProduct(t.app, { description: 'old', category: 'a' });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const response = await patch(product.id, { price: 5.5, description: null, status: 'inactive' });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toEqual({
        ...product,
        price: 5.5,
        description: null,
        status: 'inactive',
        updatedAt: expect.any(String),
      });
      expect(Date.parse(body.updatedAt)).toBeGreaterThan(Date.parse(product.updatedAt));
    });

    it('refuses null for a required field and an empty body', async () => {
      const product = await createProduct(t.app);
      expectValidationError(await patch(product.id, { name: null }), 'name', 'must be of type string');
      expectValidationError(await patch(product.id, {}), 'body', 'at least one field');
    });

    it('answers 404 for a missing product, 409 for a taken sku, 400 for an attempt to change the owner', async () => {
      const [a, b] = [await createProduct(t.app), await createProduct(t.app)];
      expect((await patch(99999, { name: 'x' })).statusCode).toBe(404);
      const conflict = await patch(b.id, { sku: a.sku });
      expect(conflict.statusCode).toBe(409);
      expect(conflict.json().details).toEqual([{ field: 'sku', reason: 'is already taken' }]);
      expectValidationError(await patch(b.id, { userId: a.userId }), 'userId', 'is not an allowed field');
      const unchanged = await t.app.inject({ url: `/api/v1/products/${b.id}` });
      expect(unchanged.json()).toEqual(b);
    });
  });

  describe('DELETE /api/v1/products/:id', () => {
    it('deletes and then answers 404', async () => {
      const product = await createProduct(t.app);
      const remove = () => t.app.inject({ method: 'DELETE', url: `/api/v1/products/${product.id}`, headers: user.headers });
      const response = await remove();
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expect((await remove()).statusCode).toBe(404);
      expect((await t.app.inject({ url: `/api/v1/products/${product.id}` })).statusCode).toBe(404);
    });
  });

  describe('GET /api/v1/products (list)', () => {
    let owner: LoggedIn;
    let made: ProductBody[];
    beforeAll(async () => {
      owner = await loginAs(t.app, 'user');
      made = [];
      const specs = [
        { name: 'Bolt', price: 1.5, category: 'hardware', quantity: 100 },
        { name: 'Anvil', price: 250, category: 'hardware', status: 'inactive' },
        { name: 'Chisel', price: 12, category: 'tools', isActive: false },
        { name: 'Drill', price: 99.9, category: 'tools' },
        { name: 'Bolt', price: 1.5, category: 'hardware' },
      ];
      for (const spec of specs) made.push(await createProduct(t.app, spec, owner));
    });
    const list = async (query: string) => t.app.inject({ url: `/api/v1/products?userId=${owner.user.id}&${query}` });

    it('pages with totals', async () => {
      const response = await list('page=2&pageSize=2');
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.pagination).toEqual({ page: 2, pageSize: 2, totalItems: 5, totalPages: 3, nextCursor: expect.any(String) });
      expect(body.data.map((p: ProductBody) => p.id)).toEqual([made[2].id, made[3].id]);
    });

    it('filters by status, isActive, category and price range', async () => {
      const names = async (query: string) => (await list(query)).json().data.map((p: ProductBody) => p.name);
      expect(await names('status=inactive')).toEqual(['Anvil']);
      expect(await names('isActive=false')).toEqual(['Chisel']);
      expect(await names('category=tools')).toEqual(['Chisel', 'Drill']);
      expect(await names('minPrice=10&maxPrice=100')).toEqual(['Chisel', 'Drill']);
    });

    it('filters by creation time range', async () => {
      const future = new Date(Date.now() + 3_600_000).toISOString();
      const past = new Date(Date.now() - 3_600_000).toISOString();
      expect((await list(`createdFrom=${future}`)).json().pagination.totalItems).toBe(0);
      expect((await list(`createdFrom=${past}&createdTo=${future}`)).json().pagination.totalItems).toBe(5);
    });

    it('sorts by several fields with id as the tie-breaker, in the direction of the last field', async () => {
      const response = await list('sort=name,-price');
      const ids = response.json().data.map((p: ProductBody) => p.id);
      // the two Bolts tie on name and price: id decides, descending like price
      expect(ids).toEqual([made[1].id, made[4].id, made[0].id, made[2].id, made[3].id]);
      expect((await list('sort=name,price')).json().data.map((p: ProductBody) => p.id)).toEqual([
        made[1].id,
        made[0].id,
        made[4].id,
        made[2].id,
        made[3].id,
      ]);
      const descending = (await list('sort=-price')).json().data.map((p: ProductBody) => p.name);
      expect(descending).toEqual(['Anvil', 'Drill', 'Chisel', 'Bolt', 'Bolt']);
    });

    it('rejects unknown sort fields, bad filters and oversized pages with 400', async () => {
      expectValidationError(await list('sort=password'), 'sort', 'must be a comma list of id, name, price');
      expectValidationError(await list('sort=name;DROP TABLE products'), 'sort');
      expectValidationError(await list('pageSize=101'), 'pageSize', 'must be <= 100');
      expectValidationError(await list('page=0'), 'page', 'must be >= 1');
      expectValidationError(await list('status=deleted'), 'status');
      expectValidationError(
        await list('createdFrom=yesterday'),
        'createdFrom',
        'must be a date (2024-01-15) or a date-time with a time zone',
      );
      expectValidationError(await list('minPrice=cheap'), 'minPrice');
      expectValidationError(await list('color=red'), 'color', 'is not an allowed field');
    });
  });
});
