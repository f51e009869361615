import type { LightMyRequestResponse } from 'fastify';
import { expectUnauthorized, LoggedIn, loginAs, useAppWithSessions } from '../support/auth';
import { describeEachEngine } from '../support/each-engine';
import type { TestApp } from '../support/test-app';
import { bearer, claimsFor, signed, tampered, unsigned } from './forged-tokens';

/**
 * OWASP API2:2023 Broken Authentication. Only a current HS256 token that this app signed, naming a user who
 * exists and is active, opens a protected route; everything else is a 401 that says why in general terms.
 */
describeEachEngine('OWASP API2 broken authentication', (engine) => {
  const sessions = useAppWithSessions(engine);
  let t: TestApp, user: LoggedIn, admin: LoggedIn;
  beforeAll(() => ({ t, user, admin } = sessions));

  const me = (headers: Record<string, string>) => t.app.inject({ url: '/api/v1/auth/me', headers });
  const token = (session: LoggedIn) => session.headers.authorization.replace('Bearer ', '');
  const expect401 = (response: LightMyRequestResponse, message: string, challenge = 'Bearer realm="api", error="invalid_token"') =>
    expectUnauthorized(response, message, challenge);

  it('accepts a genuine token (the control every refusal below is measured against)', async () => {
    const response = await me(user.headers);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: user.user.id, role: 'user' });
    expect((await me(bearer(signed(claimsFor(user.user.id))))).statusCode).toBe(200);
  });

  it('answers a missing token with 401 and a Bearer challenge', async () => {
    expect401(await me({}), 'Authentication required: send an access token as "Authorization: Bearer <token>"', 'Bearer realm="api"');
    const write = await t.app.inject({ method: 'POST', url: '/api/v1/products', payload: { name: 'x', sku: 'ANON-1', price: 1 } });
    expect(write.statusCode).toBe(401);
  });

  it.each([
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['no token', 'Bearer '],
    ['two tokens', 'Bearer a.b.c d.e.f'],
    ['lower-case scheme with junk', 'bearer <script>'],
  ])('refuses a malformed Authorization header (%s)', async (_case, header) => {
    expect401(await me({ authorization: header }), 'The Authorization header must be "Bearer <access token>"');
  });

  it('refuses an expired token, saying it expired', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    expect401(await me(bearer(signed({ ...claimsFor(user.user.id), iat: past - 900, exp: past }))), 'The access token has expired');
  });

  it('refuses alg: none, a wrong key, another HMAC algorithm and a tampered payload', async () => {
    const claims = claimsFor(admin.user.id);
    for (const forged of [
      unsigned(claims),
      unsigned({ ...claims, alg: 'none' }),
      signed(claims, 'some-other-secret-of-at-least-32-characters'),
      signed(claims, undefined, 'HS512'),
      signed(claims, undefined, 'HS384'),
      // a user's genuine token with the admin's id pasted in
      tampered(token(user), claims),
      `${token(user)}x`,
      'not.a.jwt',
    ]) {
      expect401(await me(bearer(forged)), 'The access token is invalid');
    }
  });

  it('refuses a token missing a required claim or naming another issuer or audience', async () => {
    const { sub, iss, aud, exp } = claimsFor(user.user.id);
    for (const claims of [
      { iss, aud, exp },
      { sub, aud, exp },
      { sub, iss, exp },
      { sub, iss, aud },
      { sub, iss: 'someone-else', aud, exp },
      { sub, iss, aud: 'other-api', exp },
    ]) {
      expect401(await me(bearer(signed(claims))), 'The access token is invalid');
    }
    for (const badSub of ['0', '-1', 'admin', '1.5', '99999999999']) {
      expect401(await me(bearer(signed({ ...claimsFor(1), sub: badSub }))), 'The access token is invalid');
    }
  });

  it('refuses the token of a user who was deactivated or deleted since it was issued', async () => {
    const deactivated = await loginAs(t.app, 'user');
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${deactivated.user.id}`,
      headers: admin.headers,
      payload: { isActive: false },
    });
    expect(patched.statusCode).toBe(200);
    expect401(await me(deactivated.headers), 'The access token is invalid');

    const deleted = await loginAs(t.app, 'user');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/users/${deleted.user.id}`, headers: admin.headers })).statusCode).toBe(
      204,
    );
    expect401(await me(deleted.headers), 'The access token is invalid');
    expect401(
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: deleted.refreshToken } }),
      'The refresh token is invalid, expired or already used; log in again',
      'Bearer realm="api"',
    );
  });

  it('uses the role stored now, not the one at login: a demoted admin loses admin routes at once', async () => {
    const demoted = await loginAs(t.app, 'admin');
    expect((await t.app.inject({ url: '/api/v1/users', headers: demoted.headers })).statusCode).toBe(200);
    await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${demoted.user.id}`, headers: admin.headers, payload: { role: 'user' } });
    expect((await t.app.inject({ url: '/api/v1/users', headers: demoted.headers })).statusCode).toBe(403);
  });
});
