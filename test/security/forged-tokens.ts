import { createSigner } from 'fast-jwt';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../src/services/access-tokens';
import { TEST_JWT_SECRET } from '../support/test-app';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** The claims a genuine access token carries, for `sub`, valid for the next 15 minutes. */
export const claimsFor = (sub: number) => ({ sub: String(sub), iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat: now(), exp: now() + 900 });

/** An HS256 token over `payload`, signed with `key` (the test app's own secret unless told otherwise). */
export function signed(payload: Record<string, unknown>, key = TEST_JWT_SECRET, algorithm: 'HS256' | 'HS384' | 'HS512' = 'HS256'): string {
  return createSigner({ key, algorithm, noTimestamp: true })(payload);
}

/** The classic: `alg: none` and no signature at all. */
export function unsigned(payload: Record<string, unknown>): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
}

/** A genuine token whose payload was swapped for another, signature kept. */
export function tampered(token: string, payload: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return `${header}.${base64url(payload)}.${signature}`;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
