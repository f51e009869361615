import { RefreshToken } from '../../src/entities/refresh-token.entity';
import { passwordHasher } from '../../src/services/password-hasher';
import { expectUnauthorized, loginAs, TEST_PASSWORD } from '../support/auth';
import { describeEachEngine } from '../support/each-engine';
import { expectValidationError, startTestApp, TestApp } from '../support/test-app';
import { tsqlChecked } from '../support/tsql-checked';

interface Tokens {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

const bearer = (tokens: Tokens) => ({ authorization: `Bearer ${tokens.accessToken}` });

/** What the README promises a new user: register, log in, create a product, be refused someone else's, refresh, log out. */
/** These refusals only need to be a Bearer challenge for the API's realm, with or without an error code. */
const ANY_BEARER_CHALLENGE = /^Bearer realm="api"/;

describeEachEngine('auth: accounts and sessions', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (url: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: `/api/v1/auth/${url}`, payload, headers });
  const login = (email: string, password: string) => post('login', { email, password });
  const refresh = (refreshToken: string) => post('refresh', { refreshToken });
  const me = (tokens: Tokens) => t.app.inject({ url: '/api/v1/auth/me', headers: bearer(tokens) });
  const storedTokens = (userId: number) => t.app.db.getRepository(RefreshToken).find({ where: { userId }, order: { id: 'ASC' } });

  it("registers, logs in, creates a product, is refused another user's, refreshes and logs out", async () => {
    const registered = await post('register', { email: 'New.User@Example.com', fullName: 'New User', password: 'a-long-passphrase' });
    expect(registered.statusCode).toBe(201);
    expect(registered.json()).toEqual({
      id: expect.any(Number),
      email: 'new.user@example.com',
      fullName: 'New User',
      isActive: true,
      role: 'user',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    const loggedIn = await login('new.user@example.com', 'a-long-passphrase');
    expect(loggedIn.statusCode).toBe(200);
    const tokens: Tokens = loggedIn.json();
    expect(tokens).toEqual({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: expect.stringMatching(/^[\w-]{43}$/),
      refreshExpiresIn: 1_209_600,
    });
    expect((await me(tokens)).json()).toEqual(registered.json());

    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: bearer(tokens),
      payload: { name: 'Desk lamp', sku: 'FLOW-LAMP', price: 19.99 },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().userId).toBe(registered.json().id);

    const someoneElse = await loginAs(t.app, 'user');
    const theirs = await t.app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: someoneElse.headers,
      payload: { name: 'Theirs', sku: 'FLOW-THEIRS', price: 5 },
    });
    const refused = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${theirs.json().id}`,
      headers: bearer(tokens),
      payload: { price: 1 },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      code: 'FORBIDDEN',
      message: `Only the owner of product ${theirs.json().id} or an admin may change or delete it`,
    });

    const refreshed = await refresh(tokens.refreshToken);
    expect(refreshed.statusCode).toBe(200);
    const next: Tokens = refreshed.json();
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    expect((await me(next)).statusCode).toBe(200);

    expect((await post('logout', { refreshToken: next.refreshToken })).statusCode).toBe(204);
    expectUnauthorized(
      await refresh(next.refreshToken),
      'The refresh token is invalid, expired or already used; log in again',
      ANY_BEARER_CHALLENGE,
    );
    // logging out twice is not an error, and says nothing about the token
    expect((await post('logout', { refreshToken: next.refreshToken })).statusCode).toBe(204);
  });

  it('answers a wrong password, an unknown email and a deactivated account identically (no enumeration)', async () => {
    const { user } = await loginAs(t.app, 'user');
    const deactivated = await loginAs(t.app, 'user');
    await tsqlChecked(t.app.db).query(
      `UPDATE users SET is_active = ${engine === 'postgres' ? 'false' : '0'} WHERE id = ${deactivated.user.id}`,
    );
    const answers = [
      await login(user.email, 'not-the-password'),
      await login('nobody-here@example.com', TEST_PASSWORD),
      await login(deactivated.user.email, TEST_PASSWORD),
    ];
    for (const answer of answers) expectUnauthorized(answer, 'Email or password is incorrect', ANY_BEARER_CHALLENGE);
    const bodies = answers.map((answer) => ({ ...answer.json(), requestId: undefined }));
    expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1);
    expect((await login(user.email.toUpperCase(), TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('spends an argon2 verification on an unknown email too, so timing does not tell which emails exist', async () => {
    const decoy = jest.spyOn(passwordHasher, 'verifyDecoy');
    try {
      expect((await login('nobody-at-all@example.com', 'some-password')).statusCode).toBe(401);
      expect(decoy).toHaveBeenCalledTimes(1);
      const { user } = await loginAs(t.app, 'user');
      expect((await login(user.email, 'some-password')).statusCode).toBe(401);
      expect(decoy).toHaveBeenCalledTimes(1);
    } finally {
      decoy.mockRestore();
    }
  });

  it('stores refresh tokens only as SHA-256 hashes, with an expiry', async () => {
    const { user, refreshToken } = await loginAs(t.app, 'user');
    const [stored] = await storedTokens(user.id);
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.tokenHash).not.toContain(refreshToken);
    expect(JSON.stringify(await tsqlChecked(t.app.db).query('SELECT * FROM refresh_tokens'))).not.toContain(refreshToken);
    const lifetime = stored.expiresAt.getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(1_209_600_000 - 120_000);
    expect(lifetime).toBeLessThanOrEqual(1_209_600_000 + 120_000);
  });

  it('a rotated refresh token used again revokes the whole family: the thief and the owner both log in again', async () => {
    const { user, refreshToken: first } = await loginAs(t.app, 'user');
    const second: Tokens = (await refresh(first)).json();
    const third: Tokens = (await refresh(second.refreshToken)).json();
    expect(third.refreshToken).toEqual(expect.any(String));

    expectUnauthorized(await refresh(first), 'The refresh token is invalid, expired or already used; log in again', ANY_BEARER_CHALLENGE);
    expectUnauthorized(
      await refresh(third.refreshToken),
      'The refresh token is invalid, expired or already used; log in again',
      ANY_BEARER_CHALLENGE,
    );
    const family = await storedTokens(user.id);
    expect(family).toHaveLength(3);
    expect(family.every((token) => token.revokedAt !== null)).toBe(true);
    // another login is a new family, untouched
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('two refreshes racing with the same token: exactly one wins, and the reuse revokes the family', async () => {
    const { refreshToken } = await loginAs(t.app, 'user');
    const answers = await Promise.all([refresh(refreshToken), refresh(refreshToken), refresh(refreshToken)]);
    const statuses = answers.map((answer) => answer.statusCode).sort();
    expect(statuses).toEqual([200, 401, 401]);
    const winner: Tokens = answers.find((answer) => answer.statusCode === 200)!.json();
    expect((await refresh(winner.refreshToken)).statusCode).toBe(401);
  });

  it('refuses an expired refresh token', async () => {
    const { user, refreshToken } = await loginAs(t.app, 'user');
    await t.app.db.getRepository(RefreshToken).update({ userId: user.id }, { expiresAt: new Date(Date.now() - 1000) });
    expectUnauthorized(
      await refresh(refreshToken),
      'The refresh token is invalid, expired or already used; log in again',
      ANY_BEARER_CHALLENGE,
    );
  });

  it('changing your own password needs the current one, and ends your other sessions', async () => {
    const session = await loginAs(t.app, 'user');
    const other = await loginAs(t.app, 'user');
    const patch = (payload: Record<string, unknown>, headers = session.headers) =>
      t.app.inject({ method: 'PATCH', url: `/api/v1/users/${session.user.id}`, headers, payload });

    expectValidationError(
      await patch({ password: 'a-new-passphrase' }),
      'currentPassword',
      'is required to change your own email or password',
    );
    const wrong = await patch({ password: 'a-new-passphrase', currentPassword: 'not-my-password' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'FORBIDDEN', message: 'currentPassword is not your password' });
    expect((await patch({ email: 'taken-over@example.com' })).statusCode).toBe(400);
    expect((await patch({ password: 'a-new-passphrase' }, other.headers)).statusCode).toBe(403);

    const changed = await patch({ password: 'a-new-passphrase', currentPassword: TEST_PASSWORD });
    expect(changed.statusCode).toBe(200);
    expectUnauthorized(
      await refresh(session.refreshToken),
      'The refresh token is invalid, expired or already used; log in again',
      ANY_BEARER_CHALLENGE,
    );
    expect((await login(session.user.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(session.user.email, 'a-new-passphrase')).statusCode).toBe(200);
    // a name is not a credential: no current password needed
    expect((await patch({ fullName: 'Renamed' })).statusCode).toBe(200);
  });

  it('validates register, login and refresh bodies, and never echoes a password', async () => {
    const weak = await post('register', { email: 'weak@example.com', fullName: 'W', password: 'short' });
    expectValidationError(weak, 'password', 'must be at least 12 characters');
    expect(weak.body).not.toContain('short');
    expectValidationError(
      await post('register', { email: 'dup@example.com', fullName: 'D', password: '111111111111' }),
      'password',
      'at least 5 different',
    );
    expectValidationError(await post('login', { email: 'x@example.com' }), 'password', 'is required');
    expectValidationError(
      await post('refresh', { refreshToken: 'not base64url!' }),
      'refreshToken',
      'must be a refresh token this API issued',
    );
    expectUnauthorized(
      await refresh('A'.repeat(43)),
      'The refresh token is invalid, expired or already used; log in again',
      ANY_BEARER_CHALLENGE,
    );
    const taken = await post('register', {
      email: (await loginAs(t.app, 'user')).user.email,
      fullName: 'Copy',
      password: 'a-long-passphrase',
    });
    expect(taken.statusCode).toBe(409);
  });
});
