import { User } from '../../src/entities/user.entity';
import { passwordHasher } from '../../src/services/password-hasher';
import { LoggedIn, loginAs } from '../support/auth';
import { describeEachEngine } from '../support/each-engine';
import { createProduct, createUser, sessionOf, UserBody } from '../support/factories';
import { expectValidationError, startTestApp, TestApp } from '../support/test-app';

/**
 * User management as an admin (who may read and change anyone; test/security covers what others may not do).
 * Every user costs an argon2 hash (~300 ms), so each test makes as few as it can and reuses the file's users.
 */
describeEachEngine('users routes', (engine) => {
  let t: TestApp;
  let admin: LoggedIn;
  beforeAll(async () => {
    t = await startTestApp(engine);
    // the admin createUser acts as
    admin = await sessionOf(t.app, 'admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  const storedHash = async (id: number): Promise<string> => {
    const row = await t.app.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id })
      .getOneOrFail();
    return row.passwordHash;
  };

  const expectNoPassword = (raw: string) => {
    expect(raw).not.toMatch(/password/i);
    expect(raw).not.toContain('$argon2');
  };

  const post = (payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.headers, payload });
  const get = (id: number) => t.app.inject({ url: `/api/v1/users/${id}`, headers: admin.headers });

  describe('POST /api/v1/users', () => {
    it('creates a user with a lower-cased email, database defaults and no password in the response', async () => {
      const response = await post({ email: 'Alice.Smith@Example.COM', fullName: 'Alice Smith', password: 'correct-horse-battery' });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(body).toEqual({
        id: expect.any(Number),
        email: 'alice.smith@example.com',
        fullName: 'Alice Smith',
        isActive: true,
        role: 'user',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/),
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expectNoPassword(response.body);
      expect(response.body).not.toContain('correct-horse-battery');

      const hash = await storedHash(body.id);
      expect(hash.startsWith('$argon2id$')).toBe(true);
      expect(await passwordHasher.verify(hash, 'correct-horse-battery')).toBe(true);
    });

    it('stores isActive when given', async () => {
      const user = await createUser(t.app, { isActive: false });
      expect(user.isActive).toBe(false);
      expect((await get(user.id)).json().isActive).toBe(false);
    });

    it('stores the role an admin gives', async () => {
      const user = await createUser(t.app, { role: 'admin' });
      expect(user.role).toBe('admin');
      expect((await get(user.id)).json().role).toBe('admin');
    });

    it('rejects a bad email, a short password and an empty fullName, naming each, without echoing the password', async () => {
      const response = await post({ email: 'not-an-email', fullName: '', password: 'short7!' });
      expectValidationError(response, 'email', 'must be a valid email');
      expectValidationError(response, 'password', 'must be at least 12 characters');
      expectValidationError(response, 'fullName', 'must not be empty');
      expect(response.json().details).toHaveLength(3);
      expect(response.body).not.toContain('short7!');
    });

    it('rejects a password over 128 characters', async () => {
      const response = await post({ email: 'long@example.com', fullName: 'Long', password: 'x'.repeat(129) });
      expectValidationError(response, 'password', 'must be at most 128 characters');
    });

    it('rejects a weak password: too few different characters, or the email in it', async () => {
      expectValidationError(
        await post({ email: 'weak@example.com', fullName: 'W', password: 'abababababab' }),
        'password',
        'at least 5 different characters',
      );
      expectValidationError(
        await post({ email: 'weak@example.com', fullName: 'W', password: 'my-WEAK-password' }),
        'password',
        'must not contain "weak", the part of your email before the @',
      );
    });

    it('rejects unknown fields and a role outside the list (no passwordHash or id smuggled in)', async () => {
      const response = await post({
        email: 'smuggler@example.com',
        fullName: 'S',
        password: 'correct-horse-battery',
        passwordHash: 'x',
        id: 1,
        role: 'root',
      });
      expectValidationError(response, 'passwordHash', 'is not an allowed field');
      expectValidationError(response, 'id', 'is not an allowed field');
      expectValidationError(response, 'role', 'must be one of: admin, user');
      const list = await t.app.inject({ url: '/api/v1/users?email=smuggler%40example.com', headers: admin.headers });
      expect(list.json().pagination.totalItems).toBe(0);
    });

    it('names every missing required field', async () => {
      const response = await post({});
      expectValidationError(response, 'email', 'is required');
      expectValidationError(response, 'fullName', 'is required');
      expectValidationError(response, 'password', 'is required');
      expect(response.json().details).toHaveLength(3);
    });

    it('answers 409 naming email when it is taken, also when it differs only by case', async () => {
      const existing = await createUser(t.app, { email: 'taken@example.com' });
      for (const email of ['taken@example.com', 'TAKEN@Example.com']) {
        const response = await post({ email, fullName: 'Copy', password: 'correct-horse-battery' });
        expect(response.statusCode).toBe(409);
        expect(response.json()).toEqual({
          statusCode: 409,
          code: 'CONFLICT',
          error: 'Conflict',
          message: 'email is already taken',
          details: [{ field: 'email', reason: 'is already taken' }],
          requestId: expect.any(String),
        });
      }
      const list = await t.app.inject({ url: '/api/v1/users?email=taken%40example.com', headers: admin.headers });
      expect(list.json().data).toEqual([expect.objectContaining({ id: existing.id, fullName: existing.fullName })]);
    });
  });

  describe('GET /api/v1/users/:id', () => {
    it('returns the user without any password field', async () => {
      const user = await createUser(t.app, { fullName: 'Getter' });
      const response = await get(user.id);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(user);
      expectNoPassword(response.body);
    });

    it('answers 404 with a stable code for a missing id', async () => {
      const response = await get(99999);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        statusCode: 404,
        code: 'NOT_FOUND',
        error: 'Not Found',
        message: 'User 99999 was not found',
        requestId: expect.any(String),
      });
    });
  });

  describe('PATCH /api/v1/users/:id', () => {
    let user: UserBody;
    let other: UserBody;
    beforeAll(async () => {
      user = await createUser(t.app, { email: 'patch-me@example.com', fullName: 'Before' });
      other = await createUser(t.app, { email: 'patch-other@example.com' });
    });
    const patch = (id: number, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: admin.headers, payload });

    it('changes fullName and isActive only', async () => {
      const response = await patch(user.id, { fullName: 'After', isActive: false });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ ...user, fullName: 'After', isActive: false, updatedAt: expect.any(String) });
      expectNoPassword(response.body);
    });

    it('changes the email, stored lower-case', async () => {
      const response = await patch(user.id, { email: 'Patched.Me@Example.COM' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: user.id, email: 'patched.me@example.com' });
      expect((await get(user.id)).json().email).toBe('patched.me@example.com');
    });

    it('changes the password: a new argon2id hash is stored, never the plain text, and nothing is echoed', async () => {
      const before = await storedHash(user.id);
      const response = await patch(user.id, { password: 'a-brand-new-passphrase' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(expect.objectContaining({ id: user.id, email: 'patched.me@example.com' }));
      expectNoPassword(response.body);
      expect(response.body).not.toContain('a-brand-new-passphrase');

      const after = await storedHash(user.id);
      expect(after).not.toBe(before);
      expect(after).not.toBe('a-brand-new-passphrase');
      expect(after).not.toContain('a-brand-new-passphrase');
      expect(after.startsWith('$argon2id$')).toBe(true);
      expect(await passwordHasher.verify(after, 'a-brand-new-passphrase')).toBe(true);
      expect(await passwordHasher.verify(after, 'correct-horse-battery')).toBe(false);
    });

    it('leaves the hash alone when the password is not in the body', async () => {
      const before = await storedHash(user.id);
      expect((await patch(user.id, { fullName: 'Again' })).statusCode).toBe(200);
      expect(await storedHash(user.id)).toBe(before);
    });

    it('answers 409 naming email for a taken one (any case) and changes nothing', async () => {
      const current = (await get(user.id)).json();
      for (const email of [other.email, other.email.toUpperCase()]) {
        const response = await patch(user.id, { email });
        expect(response.statusCode).toBe(409);
        expect(response.json()).toEqual({
          statusCode: 409,
          code: 'CONFLICT',
          error: 'Conflict',
          message: 'email is already taken',
          details: [{ field: 'email', reason: 'is already taken' }],
          requestId: expect.any(String),
        });
      }
      expect((await get(user.id)).json()).toEqual(current);
    });

    it('validates like create, refuses null and an empty body, and answers 404 for a missing user', async () => {
      expectValidationError(await patch(user.id, { password: 'short' }), 'password', 'must be at least 12 characters');
      expectValidationError(await patch(user.id, { email: 'nope' }), 'email', 'must be a valid email');
      expectValidationError(await patch(user.id, { fullName: null }), 'fullName', 'must be of type string');
      expectValidationError(await patch(user.id, { passwordHash: 'x' }), 'passwordHash', 'is not an allowed field');
      expectValidationError(await patch(user.id, {}), 'body', 'at least one field');
      const missing = await patch(99999, { fullName: 'Nobody' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ code: 'NOT_FOUND', message: 'User 99999 was not found' });
    });
  });

  describe('DELETE /api/v1/users/:id', () => {
    const remove = (id: number) => t.app.inject({ method: 'DELETE', url: `/api/v1/users/${id}`, headers: admin.headers });

    it('deletes and then answers 404', async () => {
      const user = await createUser(t.app);
      const response = await remove(user.id);
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expect((await get(user.id)).statusCode).toBe(404);
      const again = await remove(user.id);
      expect(again.statusCode).toBe(404);
      expect(again.json()).toMatchObject({ code: 'NOT_FOUND', message: `User ${user.id} was not found` });
    });

    it('answers 409 STILL_REFERENCED for a user who owns a product, and keeps the user', async () => {
      const owner = await loginAs(t.app, 'user');
      const product = await createProduct(t.app, {}, owner);
      const response = await remove(owner.user.id);
      expect(response.statusCode).toBe(409);
      expect(response.json()).toEqual({
        statusCode: 409,
        code: 'STILL_REFERENCED',
        error: 'Conflict',
        message: 'User is still referenced by products; delete or reassign those first',
        requestId: expect.any(String),
      });
      const still = await get(owner.user.id);
      expect(still.statusCode).toBe(200);
      expect(still.json()).toMatchObject(owner.user);
      expect((await t.app.inject({ url: `/api/v1/products/${product.id}` })).json()).toEqual(product);

      // once the product is gone the user can go
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/products/${product.id}`, headers: owner.headers })).statusCode).toBe(
        204,
      );
      expect((await remove(owner.user.id)).statusCode).toBe(204);
    });
  });

  /** A database of its own, so the list holds exactly the users made here (and, with role=admin, their admin). */
  describe('GET /api/v1/users (list)', () => {
    let l: TestApp;
    let listAdmin: LoggedIn;
    let alice: UserBody;
    let bob: UserBody;
    let carol: UserBody;
    beforeAll(async () => {
      l = await startTestApp(engine);
      carol = await createUser(l.app, { email: 'carol@list.test', fullName: 'Carol' });
      alice = await createUser(l.app, { email: 'alice@list.test', fullName: 'Alice', isActive: false });
      bob = await createUser(l.app, { email: 'bob@list.test', fullName: 'Bob' });
      listAdmin = await sessionOf(l.app, 'admin');
    });
    afterAll(async () => {
      await l?.close();
    });
    const list = (query: string) => l.app.inject({ url: `/api/v1/users?role=user&${query}`, headers: listAdmin.headers });
    const emails = async (query: string) => (await list(query)).json().data.map((u: UserBody) => u.email);

    it('lists by id with pagination totals and no password field', async () => {
      const response = await list('');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        data: [carol, alice, bob],
        pagination: { page: 1, pageSize: 20, totalItems: 3, totalPages: 1, nextCursor: null },
      });
      expectNoPassword(response.body);
      const paged = (await list('page=2&pageSize=2')).json();
      expect(paged).toEqual({ data: [bob], pagination: { page: 2, pageSize: 2, totalItems: 3, totalPages: 2, nextCursor: null } });
    });

    it('filters by role', async () => {
      const admins = await l.app.inject({ url: '/api/v1/users?role=admin', headers: listAdmin.headers });
      expect(admins.json().data.map((u: UserBody) => u.id)).toEqual([listAdmin.user.id]);
      expectValidationError(await list('role=root'), 'role', 'must be one of: admin, user');
    });

    it('filters by isActive', async () => {
      expect(await emails('isActive=false')).toEqual(['alice@list.test']);
      expect(await emails('isActive=true')).toEqual(['carol@list.test', 'bob@list.test']);
      expectValidationError(await list('isActive=maybe'), 'isActive', 'must be of type boolean');
    });

    it('filters by email, case-insensitively', async () => {
      const response = await list(`email=${encodeURIComponent('ALICE@List.Test')}`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        data: [alice],
        pagination: { page: 1, pageSize: 20, totalItems: 1, totalPages: 1, nextCursor: null },
      });
      expect(await emails(`email=${encodeURIComponent('nobody@list.test')}`)).toEqual([]);
      expectValidationError(await list('email=not-an-email'), 'email', 'must be a valid email');
    });

    it('sorts by whitelisted fields only', async () => {
      expect(await emails('sort=-email')).toEqual(['carol@list.test', 'bob@list.test', 'alice@list.test']);
      expect(await emails('sort=email')).toEqual(['alice@list.test', 'bob@list.test', 'carol@list.test']);
      expect(await emails('sort=fullName&isActive=true')).toEqual(['bob@list.test', 'carol@list.test']);
      expectValidationError(await list('sort=passwordHash'), 'sort', 'must be a comma list of id, email, fullName, createdAt');
      expectValidationError(await list('sort=-passwordHash'), 'sort', 'must be a comma list of id, email, fullName, createdAt');
      expectValidationError(await list('sort=password'), 'sort');
      expectValidationError(await list('passwordHash=x'), 'passwordHash', 'is not an allowed field');
    });
  });
});
