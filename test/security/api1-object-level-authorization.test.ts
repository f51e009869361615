import { LoggedIn, loginAs } from '../support/auth';
import { describeEachEngine } from '../support/each-engine';
import { createProduct, ProductBody } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * OWASP API1:2023 Broken Object Level Authorization: knowing an id is not permission. A product can be changed
 * or deleted only by the user who created it or by an admin; a user record only by its user or an admin.
 */
describeEachEngine('OWASP API1 object-level authorization', (engine) => {
  let t: TestApp;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let admin: LoggedIn;
  let product: ProductBody;
  beforeAll(async () => {
    t = await startTestApp(engine);
    [alice, bob, admin] = [await loginAs(t.app, 'user'), await loginAs(t.app, 'user'), await loginAs(t.app, 'admin')];
    product = await createProduct(t.app, { name: 'Alice lamp' }, alice);
  });
  afterAll(async () => {
    await t?.close();
  });

  const patch = (id: number, as: LoggedIn, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'PATCH', url: `/api/v1/products/${id}`, headers: as.headers, payload });
  const remove = (id: number, as: LoggedIn) => t.app.inject({ method: 'DELETE', url: `/api/v1/products/${id}`, headers: as.headers });
  const current = async (id: number) => (await t.app.inject({ url: `/api/v1/products/${id}` })).json();

  it("user B cannot change or delete user A's product: 403, and nothing changes", async () => {
    const changed = await patch(product.id, bob, { price: 0.01, name: 'Mine now' });
    expect(changed.statusCode).toBe(403);
    expect(changed.json()).toEqual({
      statusCode: 403,
      code: 'FORBIDDEN',
      error: 'Forbidden',
      message: `Only the owner of product ${product.id} or an admin may change or delete it`,
      requestId: expect.any(String),
    });
    expect((await remove(product.id, bob)).statusCode).toBe(403);
    expect(await current(product.id)).toEqual(product);
  });

  it('the owner and an admin can; the owner stays the creator', async () => {
    const byOwner = await patch(product.id, alice, { price: 21 });
    expect(byOwner.statusCode).toBe(200);
    const byAdmin = await patch(product.id, admin, { name: 'Moderated lamp' });
    expect(byAdmin.statusCode).toBe(200);
    expect(byAdmin.json()).toMatchObject({ price: 21, name: 'Moderated lamp', userId: alice.user.id });
    const other = await createProduct(t.app, {}, bob);
    expect((await remove(other.id, admin)).statusCode).toBe(204);
  });

  it('a missing product is 404 for anyone, before any ownership question', async () => {
    expect((await patch(987_654, bob, { price: 1 })).statusCode).toBe(404);
    expect((await remove(987_654, bob)).statusCode).toBe(404);
  });

  it("user B can neither read nor change user A's account, and gets 403 for ids that do not exist too (no probing)", async () => {
    for (const id of [alice.user.id, 987_654]) {
      expect((await t.app.inject({ url: `/api/v1/users/${id}`, headers: bob.headers })).statusCode).toBe(403);
      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${id}`,
        headers: bob.headers,
        payload: { fullName: 'Hijacked' },
      });
      expect(patched.statusCode).toBe(403);
    }
    const own = await t.app.inject({ url: `/api/v1/users/${alice.user.id}`, headers: alice.headers });
    expect(own.statusCode).toBe(200);
    expect(own.json().fullName).toBe('Test user');
  });
});
