import { createSigner, createVerifier, TokenError } from 'fast-jwt';
import { UnauthorizedError } from '../errors/app-error';

export const TOKEN_ISSUER = 'ts-backend-boilerplate';
export const TOKEN_AUDIENCE = 'ts-backend-boilerplate/api';
/** The only algorithm signed or accepted: `alg: none`, RS256-with-the-secret-as-key and the like are refused. */
const ALGORITHM = 'HS256';

/**
 * Short-lived access tokens: a JWT naming the user (`sub`), signed with AUTH_JWT_SECRET. Verification pins the
 * algorithm, checks the signature, `exp`, the issuer and the audience, and requires each of those claims.
 */
export class AccessTokens {
  private readonly sign: (payload: Record<string, unknown>) => string;
  private readonly verifier: (token: string) => { sub?: unknown };

  constructor(
    secret: string,
    readonly ttlSeconds: number,
  ) {
    this.sign = createSigner({ key: secret, algorithm: ALGORITHM, expiresIn: ttlSeconds * 1000, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE });
    this.verifier = createVerifier({
      key: secret,
      algorithms: [ALGORITHM],
      allowedIss: TOKEN_ISSUER,
      allowedAud: TOKEN_AUDIENCE,
      requiredClaims: ['sub', 'exp', 'iss', 'aud'],
      cache: false,
    });
  }

  issue(userId: number): string {
    return this.sign({ sub: String(userId) });
  }

  /** The user id the token names; UnauthorizedError for anything that is not a current token of ours. */
  verify(token: string): number {
    let sub: unknown;
    try {
      ({ sub } = this.verifier(token));
    } catch (error) {
      if (error instanceof TokenError && error.code === TokenError.codes.expired)
        throw new UnauthorizedError('The access token has expired', 'invalid_token');
      throw new UnauthorizedError('The access token is invalid', 'invalid_token');
    }
    const userId = typeof sub === 'string' && /^[1-9]\d{0,9}$/.test(sub) ? Number(sub) : NaN;
    if (!Number.isSafeInteger(userId)) throw new UnauthorizedError('The access token is invalid', 'invalid_token');
    return userId;
  }
}
