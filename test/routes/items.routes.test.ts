import { describeEachEngine } from '../support/each-engine';
import { sessionOf } from '../support/factories';
import { expectValidationError, startTestApp, TestApp } from '../support/test-app';

interface ItemBody {
  id: number;
  name: string;
  description: string | null;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

describeEachEngine('items routes', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Items have no owner: any logged-in user may write them. */
  const as = async (app: TestApp['app']) => (await sessionOf(app, 'user')).headers;
  const createItem = async (app: TestApp['app'], payload: Record<string, unknown>): Promise<ItemBody> => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/items', headers: await as(app), payload });
    if (response.statusCode !== 201) throw new Error(`createItem: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  const post = async (payload: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/v1/items', headers: await as(t.app), payload: payload as Record<string, unknown> });
  const patch = async (id: number, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'PATCH', url: `/api/v1/items/${id}`, headers: await as(t.app), payload });

  describe('POST /api/v1/items', () => {
    it('creates an item with database defaults and returns 201', async () => {
      const response = await post({ name: 'Notebook', description: 'A5, dotted' });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(body).toEqual({
        id: expect.any(Number),
        name: 'Notebook',
        description: 'A5, dotted',
        isActive: true,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/),
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(Math.abs(Date.parse(body.createdAt) - Date.now())).toBeLessThan(5 * 60_000);
    });

    it('allows description to be left out or null (returned as null) and isActive false', async () => {
      const omitted = await post({ name: 'Bare' });
      expect(omitted.statusCode).toBe(201);
      expect(omitted.json()).toMatchObject({ name: 'Bare', description: null, isActive: true });
      const explicit = await post({ name: 'Null', description: null, isActive: false });
      expect(explicit.statusCode).toBe(201);
      expect(explicit.json()).toMatchObject({ name: 'Null', description: null, isActive: false });
    });

    it('accepts the longest allowed name and description, non-ASCII included', async () => {
      const name = 'ü'.repeat(255);
      const description = 'é'.repeat(1000);
      const response = await post({ name, description });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ name, description });
      expect((await t.app.inject({ url: `/api/v1/items/${response.json().id}` })).json()).toMatchObject({ name, description });
    });

    it('rejects a name of 256 characters and a description of 1001', async () => {
      const response = await post({ name: 'n'.repeat(256), description: 'd'.repeat(1001) });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        error: 'Bad Request',
        message: 'Invalid input: name must be at most 255 characters; description must be at most 1000 characters',
        details: [
          { field: 'name', reason: 'must be at most 255 characters' },
          { field: 'description', reason: 'must be at most 1000 characters' },
        ],
        requestId: expect.any(String),
      });
    });

    it('rejects an empty or missing name, wrong types and unknown fields', async () => {
      expectValidationError(await post({ name: '' }), 'name', 'must not be empty');
      expectValidationError(await post({ description: 'no name' }), 'name', 'is required');
      expectValidationError(await post({ name: 'x', description: 5 }), 'description', 'must be of type string or null');
      expectValidationError(await post({ name: 'x', isActive: 'true' }), 'isActive', 'must be of type boolean');
      expectValidationError(await post({ name: 'x', isActive: null }), 'isActive', 'must be of type boolean');
      const unknown = await post({ name: 'x', id: 7, createdAt: '2000-01-01T00:00:00Z' });
      expectValidationError(unknown, 'id', 'is not an allowed field');
      expectValidationError(unknown, 'createdAt', 'is not an allowed field');
      expectValidationError(await post([{ name: 'x' }]), 'body', 'must be of type object');
    });
  });

  describe('GET /api/v1/items/:id', () => {
    it('returns the item', async () => {
      const item = await createItem(t.app, { name: 'Fetch me', description: 'here' });
      const response = await t.app.inject({ url: `/api/v1/items/${item.id}` });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(item);
    });

    it('answers 404 for a missing id and 400 for a bad one', async () => {
      const response = await t.app.inject({ url: '/api/v1/items/99999' });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        statusCode: 404,
        code: 'NOT_FOUND',
        error: 'Not Found',
        message: 'Item 99999 was not found',
        requestId: expect.any(String),
      });
      expectValidationError(await t.app.inject({ url: '/api/v1/items/abc' }), 'id', 'must be a whole number from 1 to 2147483647');
      expectValidationError(await t.app.inject({ url: '/api/v1/items/-1' }), 'id', 'must be a whole number from 1 to 2147483647');
    });
  });

  describe('PATCH /api/v1/items/:id', () => {
    it('changes only the given fields and clears description with null', async () => {
      const item = await createItem(t.app, { name: 'Old name', description: 'old' });
      const renamed = await patch(item.id, { name: 'New name' });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toEqual({ ...item, name: 'New name', updatedAt: expect.any(String) });

      const cleared = await patch(item.id, { description: null, isActive: false });
      expect(cleared.statusCode).toBe(200);
      expect(cleared.json()).toEqual({ ...item, name: 'New name', description: null, isActive: false, updatedAt: expect.any(String) });
      expect((await t.app.inject({ url: `/api/v1/items/${item.id}` })).json()).toEqual(cleared.json());
    });

    it('validates like create and refuses null names and an empty body, changing nothing', async () => {
      const item = await createItem(t.app, { name: 'Stable' });
      expectValidationError(await patch(item.id, { name: 'n'.repeat(256) }), 'name', 'must be at most 255 characters');
      expectValidationError(await patch(item.id, { description: 'd'.repeat(1001) }), 'description', 'must be at most 1000 characters');
      expectValidationError(await patch(item.id, { name: null }), 'name', 'must be of type string');
      expectValidationError(await patch(item.id, { id: 1 }), 'id', 'is not an allowed field');
      expectValidationError(await patch(item.id, {}), 'body', 'must contain at least one field');
      expect((await t.app.inject({ url: `/api/v1/items/${item.id}` })).json()).toEqual(item);
    });

    it('answers 404 for a missing item', async () => {
      const response = await patch(99999, { name: 'ghost' });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', message: 'Item 99999 was not found' });
    });
  });

  describe('DELETE /api/v1/items/:id', () => {
    it('deletes (204, empty body) and then answers 404', async () => {
      const item = await createItem(t.app, { name: 'Doomed' });
      const response = await t.app.inject({ method: 'DELETE', url: `/api/v1/items/${item.id}`, headers: await as(t.app) });
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expect((await t.app.inject({ url: `/api/v1/items/${item.id}` })).statusCode).toBe(404);
      const again = await t.app.inject({ method: 'DELETE', url: `/api/v1/items/${item.id}`, headers: await as(t.app) });
      expect(again.statusCode).toBe(404);
      expect(again.json()).toMatchObject({ code: 'NOT_FOUND', message: `Item ${item.id} was not found` });
    });
  });

  /** A database of its own, so the list holds exactly the items made here. */
  describe('GET /api/v1/items (list)', () => {
    let l: TestApp;
    let made: ItemBody[];
    beforeAll(async () => {
      l = await startTestApp(engine);
      made = [];
      const specs = [
        { name: 'Delta' },
        { name: 'Alpha', isActive: false },
        { name: 'Charlie', isActive: false, description: 'third' },
        { name: 'Bravo' },
        { name: 'Echo' },
      ];
      for (const spec of specs) made.push(await createItem(l.app, spec));
    });
    afterAll(async () => {
      await l?.close();
    });
    const list = (query: string) => l.app.inject({ url: `/api/v1/items?${query}` });
    const names = async (query: string) => (await list(query)).json().data.map((i: ItemBody) => i.name);

    it('lists by id by default with pagination totals', async () => {
      const response = await list('');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        data: made,
        pagination: { page: 1, pageSize: 20, totalItems: 5, totalPages: 1, nextCursor: null },
      });
    });

    it('pages with totals, past the last page too', async () => {
      expect((await list('page=1&pageSize=2')).json()).toEqual({
        data: [made[0], made[1]],
        pagination: { page: 1, pageSize: 2, totalItems: 5, totalPages: 3, nextCursor: expect.any(String) },
      });
      expect((await list('page=3&pageSize=2')).json()).toEqual({
        data: [made[4]],
        pagination: { page: 3, pageSize: 2, totalItems: 5, totalPages: 3, nextCursor: null },
      });
      expect((await list('page=4&pageSize=2')).json()).toEqual({
        data: [],
        pagination: { page: 4, pageSize: 2, totalItems: 5, totalPages: 3, nextCursor: null },
      });
    });

    it('filters by isActive, with totals of the filtered set', async () => {
      expect(await names('isActive=false')).toEqual(['Alpha', 'Charlie']);
      expect(await names('isActive=true')).toEqual(['Delta', 'Bravo', 'Echo']);
      expect((await list('isActive=true&page=2&pageSize=2')).json()).toEqual({
        data: [made[4]],
        pagination: { page: 2, pageSize: 2, totalItems: 3, totalPages: 2, nextCursor: null },
      });
    });

    it('sorts ascending, descending and by several fields', async () => {
      expect(await names('sort=name')).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']);
      expect(await names('sort=-name')).toEqual(['Echo', 'Delta', 'Charlie', 'Bravo', 'Alpha']);
      expect(await names('sort=-id')).toEqual(['Echo', 'Bravo', 'Charlie', 'Alpha', 'Delta']);
      expect(await names('sort=-name&isActive=true&pageSize=2')).toEqual(['Echo', 'Delta']);
    });

    it('rejects unknown sort fields, bad filters, bad paging and unknown parameters with 400', async () => {
      expectValidationError(await list('sort=description'), 'sort', 'must be a comma list of id, name, createdAt, updatedAt');
      expectValidationError(await list('sort=isActive'), 'sort', 'must be a comma list of');
      expectValidationError(await list('isActive=maybe'), 'isActive', 'must be of type boolean');
      expectValidationError(await list('pageSize=0'), 'pageSize', 'must be >= 1');
      expectValidationError(await list('pageSize=101'), 'pageSize', 'must be <= 100');
      expectValidationError(await list('page=x'), 'page', 'must be of type integer');
      expectValidationError(await list('name=Alpha'), 'name', 'is not an allowed field');
    });
  });
});
