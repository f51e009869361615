import fc from 'fast-check';
import { decimalUpTo, MAX_ID } from '../../src/routes/id-param';
import { createProduct, sessionOf } from '../support/factories';
import { expectValidationError, startTestApp, TestApp } from '../support/test-app';

describe('decimalUpTo', () => {
  test('matches exactly the canonical decimal numbers 1..max', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_000_000_000 }), fc.integer({ min: 0, max: 3_000_000_000 }), (max, n) => {
        const pattern = new RegExp(decimalUpTo(max));
        expect(pattern.test(String(n))).toBe(n >= 1 && n <= max);
      }),
      { numRuns: 2_000 },
    );
  });

  test.each(['0x10', '1e1', '+1', ' 1', '1 ', '0b1', '1.0', '01', '-1', '0', '', '2147483648', '9999999999', '１'])(
    '%j is not an id',
    (text) => {
      expect(new RegExp(decimalUpTo(MAX_ID)).test(text)).toBe(false);
    },
  );
});

// Routes behave alike on every engine here (the check is in the schema, before any query), so SQLite suffices.
describe('id path params', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Ways Number() reads as the same id: every one of them used to reach the record. */
  const looseSpellings = (id: number) => [
    `0x${id.toString(16)}`,
    `0b${id.toString(2)}`,
    `0o${id.toString(8)}`,
    `${id}e0`,
    `+${id}`,
    `%20${id}`,
    `${id}.0`,
    `0${id}`,
  ];

  test('PATCH with a loose spelling of a real product id is 400 naming id, and changes nothing', async () => {
    const product = await createProduct(t.app, { name: 'Original' });
    const { headers } = await sessionOf(t.app, 'user');
    for (const spelling of looseSpellings(product.id)) {
      const response = await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${spelling}`, headers, payload: { name: 'Changed' } });
      expectValidationError(response, 'id', 'must be a whole number from 1 to 2147483647');
    }
    const read = await t.app.inject({ url: `/api/v1/products/${product.id}`, headers });
    expect(read.json()).toMatchObject({ id: product.id, name: 'Original' });
  });

  test.each([
    ['products', 'GET'],
    ['products', 'PATCH'],
    ['products', 'DELETE'],
    ['items', 'GET'],
    ['items', 'PATCH'],
    ['items', 'DELETE'],
    ['users', 'GET'],
    ['users', 'PATCH'],
    ['users', 'DELETE'],
  ] as const)('%s %s: 1e1, 0x1, 2147483648 and 0 are 400 naming id; 2147483647 is a 404', async (resource, method) => {
    const { headers } = await sessionOf(t.app, 'admin');
    const send = (id: string) =>
      t.app.inject({ method, url: `/api/v1/${resource}/${id}`, headers, ...(method === 'PATCH' ? { payload: { isActive: false } } : {}) });
    for (const id of ['1e1', '0x1', '2147483648', '0']) {
      expectValidationError(await send(id), 'id', 'must be a whole number');
    }
    expect((await send(String(MAX_ID))).statusCode).toBe(404);
  });
});
