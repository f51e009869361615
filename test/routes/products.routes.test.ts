import { describeEachEngine } from '../support/each-engine';
import { createProduct, createUser, ProductBody } from '../support/factories';
import { expectValidationError, startTestApp, TestApp } from '../support/test-app';

describeEachEngine('products routes', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('POST /api/v1/products', () => {
    it('creates a product with database defaults and returns 201', async () => {
      const user = await createUser(t.app);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/products',
        payload: { name: 'Lamp', sku: 'LAMP-1', price: 19.99, userId: user.id, description: 'A desk lamp' },
      });
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
        userId: user.id,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/),
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(Math.abs(Date.parse(body.createdAt) - Date.now())).toBeLessThan(5 * 60_000);
      expect(response.headers['x-request-id']).toEqual(expect.any(String));
    });

    it('rejects every invalid field at once, naming each', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/products',
        payload: { name: '', sku: 'has space', price: 0, quantity: -1, status: 'gone', userId: 1 },
      });
      expectValidationError(response, 'name', 'must not be empty');
      expectValidationError(response, 'sku', 'may hold only letters');
      expectValidationError(response, 'price', 'must be > 0');
      expectValidationError(response, 'quantity', 'must be >= 0');
      expectValidationError(response, 'status', 'must be one of: active, inactive');
    });

    it('names missing required fields', async () => {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/products', payload: { name: 'x' } });
      expectValidationError(response, 'sku', 'is required');
      expectValidationError(response, 'price', 'is required');
      expectValidationError(response, 'userId', 'is required');
    });

    it('rejects unknown fields instead of storing or dropping them (no mass assignment)', async () => {
      const user = await createUser(t.app);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/products',
        payload: { name: 'x', sku: 'MASS-1', price: 1, userId: user.id, id: 999, createdAt: '2000-01-01T00:00:00Z' },
      });
      expectValidationError(response, 'id', 'is not an allowed field');
      expectValidationError(response, 'createdAt', 'is not an allowed field');
    });

    it('does not coerce JSON types in bodies', async () => {
      const user = await createUser(t.app);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/products',
        payload: { name: 'x', sku: 'COERCE-1', price: '12.50', userId: user.id, isActive: 'yes' },
      });
      expectValidationError(response, 'price', 'must be of type number');
      expectValidationError(response, 'isActive', 'must be of type boolean');
    });

    it('limits price to two decimal places and the DECIMAL(10,2) range', async () => {
      const user = await createUser(t.app);
      const base = { name: 'x', sku: 'PRICE-1', userId: user.id };
      expectValidationError(await t.app.inject({ method: 'POST', url: '/api/v1/products', payload: { ...base, price: 1.005 } }), 'price', 'at most 2 decimal places');
      expectValidationError(await t.app.inject({ method: 'POST', url: '/api/v1/products', payload: { ...base, price: 100_000_000 } }), 'price', 'must be <=');
      const ok = await t.app.inject({ method: 'POST', url: '/api/v1/products', payload: { ...base, price: 0.07 } });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().price).toBe(0.07);
    });

    it('answers 409 naming sku when it is taken', async () => {
      const existing = await createProduct(t.app);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/products',
        payload: { name: 'Copy', sku: existing.sku, price: 1, userId: existing.userId },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({
        statusCode: 409,
        code: 'CONFLICT',
        message: 'sku is already taken',
        details: [{ field: 'sku', reason: 'is already taken' }],
      });
    });

    it('answers 422 naming userId when the owner does not exist, and writes nothing', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/products',
        payload: { name: 'Orphan', sku: 'ORPHAN-1', price: 1, userId: 987654 },
      });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({
        code: 'REFERENCE_NOT_FOUND',
        details: [{ field: 'userId', reason: 'refers to a User that does not exist' }],
      });
      const list = await t.app.inject({ url: '/api/v1/products?sort=-id&pageSize=100' });
      expect(list.json().data.map((p: ProductBody) => p.sku)).not.toContain('ORPHAN-1');
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
      expectValidationError(await t.app.inject({ url: '/api/v1/products/0' }), 'id', 'must be >= 1');
      expectValidationError(await t.app.inject({ url: '/api/v1/products/99999999999' }), 'id');
    });
  });

  describe('PATCH /api/v1/products/:id', () => {
    it('changes only the given fields, clears a nullable one with null and moves updatedAt forward', async () => {
      const product = await createProduct(t.app, { description: 'old', category: 'a' });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const response = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/products/${product.id}`,
        payload: { price: 5.5, description: null, status: 'inactive' },
      });
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
      expectValidationError(
        await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${product.id}`, payload: { name: null } }),
        'name',
        'must be of type string',
      );
      expectValidationError(
        await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${product.id}`, payload: {} }),
        'body',
        'at least one field',
      );
    });

    it('answers 404 for a missing product, 409 for a taken sku, 422 for a missing owner', async () => {
      const [a, b] = [await createProduct(t.app), await createProduct(t.app)];
      expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/products/99999', payload: { name: 'x' } })).statusCode).toBe(404);
      const conflict = await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${b.id}`, payload: { sku: a.sku } });
      expect(conflict.statusCode).toBe(409);
      expect(conflict.json().details).toEqual([{ field: 'sku', reason: 'is already taken' }]);
      const missing = await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${b.id}`, payload: { userId: 987654 } });
      expect(missing.statusCode).toBe(422);
      const unchanged = await t.app.inject({ url: `/api/v1/products/${b.id}` });
      expect(unchanged.json()).toEqual(b);
    });
  });

  describe('DELETE /api/v1/products/:id', () => {
    it('deletes and then answers 404', async () => {
      const product = await createProduct(t.app);
      const response = await t.app.inject({ method: 'DELETE', url: `/api/v1/products/${product.id}` });
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/products/${product.id}` })).statusCode).toBe(404);
      expect((await t.app.inject({ url: `/api/v1/products/${product.id}` })).statusCode).toBe(404);
    });
  });

  describe('GET /api/v1/products (list)', () => {
    let owner: number;
    let made: ProductBody[];
    beforeAll(async () => {
      owner = (await createUser(t.app)).id;
      made = [];
      const specs = [
        { name: 'Bolt', price: 1.5, category: 'hardware', quantity: 100 },
        { name: 'Anvil', price: 250, category: 'hardware', status: 'inactive' },
        { name: 'Chisel', price: 12, category: 'tools', isActive: false },
        { name: 'Drill', price: 99.9, category: 'tools' },
        { name: 'Bolt', price: 1.5, category: 'hardware' },
      ];
      for (const spec of specs) made.push(await createProduct(t.app, { ...spec, userId: owner }));
    });
    const list = async (query: string) => t.app.inject({ url: `/api/v1/products?userId=${owner}&${query}` });

    it('pages with totals', async () => {
      const response = await list('page=2&pageSize=2');
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.pagination).toEqual({ page: 2, pageSize: 2, totalItems: 5, totalPages: 3 });
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

    it('sorts by several fields with id as the tie-breaker', async () => {
      const response = await list('sort=name,-price');
      const ids = response.json().data.map((p: ProductBody) => p.id);
      // the two Bolts tie on name and price: id decides, ascending
      expect(ids).toEqual([made[1].id, made[0].id, made[4].id, made[2].id, made[3].id]);
      const descending = (await list('sort=-price')).json().data.map((p: ProductBody) => p.name);
      expect(descending).toEqual(['Anvil', 'Drill', 'Chisel', 'Bolt', 'Bolt']);
    });

    it('rejects unknown sort fields, bad filters and oversized pages with 400', async () => {
      expectValidationError(await list('sort=password'), 'sort', 'must be a comma list of id, name, price');
      expectValidationError(await list('sort=name;DROP TABLE products'), 'sort');
      expectValidationError(await list('pageSize=101'), 'pageSize', 'must be <= 100');
      expectValidationError(await list('page=0'), 'page', 'must be >= 1');
      expectValidationError(await list('status=deleted'), 'status');
      expectValidationError(await list('createdFrom=yesterday'), 'createdFrom', 'ISO 8601');
      expectValidationError(await list('minPrice=cheap'), 'minPrice');
      expectValidationError(await list('color=red'), 'color', 'is not an allowed field');
    });
  });
});
