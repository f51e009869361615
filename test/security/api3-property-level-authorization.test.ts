import type { LightMyRequestResponse } from 'fastify';
import { LoggedIn, loginAs, TEST_PASSWORD, useAppWithSessions } from '../support/auth';
import { describeEachEngine } from '../support/each-engine';
import { createProduct } from '../support/factories';
import { expectValidationError, TestApp } from '../support/test-app';

/**
 * OWASP API3:2023 Broken Object Property Level Authorization: a client cannot write a property it has no right
 * to (its role, a record's owner: mass assignment), and no response carries one it has no right to read (hashes).
 */
describeEachEngine('OWASP API3 object property level authorization', (engine) => {
  const sessions = useAppWithSessions(engine);
  let t: TestApp, user: LoggedIn, admin: LoggedIn;
  beforeAll(() => ({ t, user, admin } = sessions));

  const patchUser = (id: number, as: LoggedIn, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: as.headers, payload });
  const roleOf = async (id: number) => (await t.app.inject({ url: `/api/v1/users/${id}`, headers: admin.headers })).json().role;

  it('self-registration cannot choose a role or the account state: 400, and no account is made', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: {
        email: 'climber@example.com',
        fullName: 'C',
        password: 'a-long-passphrase',
        role: 'admin',
        isActive: true,
        passwordHash: 'x',
      },
    });
    expectValidationError(response, 'role', 'is not an allowed field');
    expectValidationError(response, 'isActive', 'is not an allowed field');
    expectValidationError(response, 'passwordHash', 'is not an allowed field');
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'climber@example.com', password: 'a-long-passphrase' },
    });
    expect(login.statusCode).toBe(401);
  });

  it("no user sets their own role or state; only an admin sets another user's", async () => {
    for (const payload of [{ role: 'admin' }, { isActive: false }]) {
      const response = await patchUser(user.user.id, user, payload);
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('FORBIDDEN');
    }
    expect(await roleOf(user.user.id)).toBe('user');
    // not even an admin on themselves: an admin always remains
    expect((await patchUser(admin.user.id, admin, { role: 'user' })).json()).toMatchObject({
      code: 'FORBIDDEN',
      message: 'No one may change their own role',
    });
    expect(await roleOf(admin.user.id)).toBe('admin');
    const promoted = await loginAs(t.app, 'user');
    expect((await patchUser(promoted.user.id, admin, { role: 'admin' })).statusCode).toBe(200);
    expect(await roleOf(promoted.user.id)).toBe('admin');
  });

  it("a product's owner comes from the token: naming one in the body is a 400 on create and update", async () => {
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: user.headers,
      payload: { name: 'x', sku: 'OWNER-1', price: 1, userId: admin.user.id },
    });
    expectValidationError(create, 'userId', 'is not an allowed field');
    const product = await createProduct(t.app, {}, user);
    expect(product.userId).toBe(user.user.id);
    const update = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${product.id}`,
      headers: user.headers,
      payload: { userId: admin.user.id },
    });
    expectValidationError(update, 'userId', 'is not an allowed field');
    for (const field of ['id', 'createdAt', 'updatedAt']) {
      expectValidationError(
        await t.app.inject({ method: 'PATCH', url: `/api/v1/products/${product.id}`, headers: user.headers, payload: { [field]: 1 } }),
        field,
        'is not an allowed field',
      );
    }
  });

  it('no response ever carries a password or its hash', async () => {
    const expectNoSecret = (response: LightMyRequestResponse) => {
      expect(response.statusCode).toBeLessThan(300);
      expect(response.body).not.toMatch(/password/i);
      expect(response.body).not.toContain('$argon2');
      expect(response.body).not.toContain(TEST_PASSWORD);
    };
    const registered = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'private@example.com', fullName: 'P', password: 'a-long-passphrase' },
    });
    expectNoSecret(registered);
    expect(registered.body).not.toContain('a-long-passphrase');
    expectNoSecret(
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.user.email, password: TEST_PASSWORD } }),
    );
    expectNoSecret(await t.app.inject({ url: '/api/v1/auth/me', headers: user.headers }));
    expectNoSecret(await t.app.inject({ url: `/api/v1/users/${user.user.id}`, headers: user.headers }));
    expectNoSecret(await t.app.inject({ url: '/api/v1/users?pageSize=100', headers: admin.headers }));
    expectNoSecret(await patchUser(user.user.id, user, { password: 'changed-passphrase', currentPassword: TEST_PASSWORD }));
  });
});
