import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { UserRole } from '../../src/entities/user.entity';
import { UsersRepository } from '../../src/repositories/users.repository';
import { passwordHasher } from '../../src/services/password-hasher';
import { startTestApp, TestApp } from './test-app';
import type { Engine } from './test-databases';

/** Every user loginAs makes has this password, so a test can also log in through the API. */
export const TEST_PASSWORD = 'correct-horse-battery-staple';

export interface LoggedIn {
  headers: { authorization: string };
  user: { id: number; email: string; role: UserRole };
  refreshToken: string;
}

// One argon2 hash for the whole run: hashing per user would add ~0.2 s to every loginAs.
let passwordHash: Promise<string> | undefined;
let sequence = 0;

/**
 * A fresh user with `role`, made through the repository (not the rate-limited register and login routes),
 * and a session for it: bearer headers for app.inject, and its refresh token.
 */
export async function loginAs(app: FastifyInstance, role: 'admin' | 'user'): Promise<LoggedIn> {
  passwordHash ??= passwordHasher.hash(TEST_PASSWORD);
  const email = `logged-in-${role}-${process.pid}-${++sequence}@example.com`;
  const user = await new UsersRepository(app.db).create({ email, fullName: `Test ${role}`, passwordHash: await passwordHash, role });
  const session = await app.services.auth.startSession(user.id);
  return {
    headers: { authorization: `Bearer ${session.accessToken}` },
    user: { id: user.id, email: user.email, role: user.role },
    refreshToken: session.refreshToken,
  };
}

/** An app with one user and one admin logged in, for tests that compare what each may do. */
export interface AppWithSessions {
  t: TestApp;
  user: LoggedIn;
  admin: LoggedIn;
}

/** Starts an AppWithSessions on `engine` before the describe block's tests and closes it after them. */
export function useAppWithSessions(engine: Engine): AppWithSessions {
  const sessions = {} as AppWithSessions;
  beforeAll(async () => {
    sessions.t = await startTestApp(engine);
    sessions.user = await loginAs(sessions.t.app, 'user');
    sessions.admin = await loginAs(sessions.t.app, 'admin');
  });
  afterAll(async () => {
    await sessions.t?.close();
  });
  return sessions;
}

/** A 401 in the API's error shape, with a Bearer challenge that is exactly `challenge`, or matches it. */
export function expectUnauthorized(response: LightMyRequestResponse, message: string, challenge: string | RegExp): void {
  expect(response.statusCode).toBe(401);
  expect(response.json()).toEqual({
    statusCode: 401,
    code: 'UNAUTHORIZED',
    error: 'Unauthorized',
    message,
    requestId: expect.any(String),
  });
  expect(response.headers['www-authenticate']).toEqual(typeof challenge === 'string' ? challenge : expect.stringMatching(challenge));
}
