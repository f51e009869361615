import type { FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { ForbiddenError, UnauthorizedError } from '../errors/app-error';
import type { Actor } from '../services/actor';
import { errorRef } from '../routes/shared-schemas';

/** Who may call a route: anyone, any logged-in user, or admins only. */
export type Access = 'public' | 'authenticated' | 'admin';

/** The OpenAPI security scheme protected routes name (see docs.plugin.ts). */
export const BEARER_SCHEME = 'bearerAuth';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Left out: 'authenticated'. A route is public only when it says so. */
    access?: Access;
  }
  interface FastifyRequest {
    /** The caller on routes that need a token; null on public ones. */
    user: Actor | null;
  }
}

/** RFC 6750 section 2.1: `Bearer` and a b64token. Anything else in the header is a 401, not a guess. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (header === undefined) throw new UnauthorizedError();
  const match = BEARER.exec(header);
  if (!match) throw new UnauthorizedError('The Authorization header must be "Bearer <access token>"', 'invalid_token');
  return match[1];
}

/** Shows the lock, the bearer scheme and the 401/403 answers on protected routes in the OpenAPI document. */
function documentProtection(route: RouteOptions, access: Access): void {
  if (access === 'public' || !route.schema || route.schema.hide) return;
  const response = { 401: errorRef, 403: errorRef, ...(route.schema.response as object) };
  route.schema = { ...route.schema, security: [{ [BEARER_SCHEME]: [] }], response };
}

/**
 * Deny by default: every route needs a valid access token unless its `config.access` is 'public', so a route
 * someone forgets to mark is protected, not open. The check runs in preParsing: after the rate limiter
 * (onRequest) and before the body is read, so an anonymous caller cannot make the server parse anything.
 */
export const authenticationPlugin = fp(
  async (app) => {
    app.decorateRequest('user', null);
    app.addHook('onRoute', (route) => documentProtection(route, route.config?.access ?? 'authenticated'));
    app.addHook('preParsing', async (request) => {
      const access = request.routeOptions.config.access ?? 'authenticated';
      if (access === 'public' || request.is404) return;
      request.user = await app.services.auth.authenticate(bearerToken(request));
      if (access === 'admin' && request.user.role !== 'admin') throw new ForbiddenError('Only an admin may do this');
    });
  },
  { name: 'authentication', dependencies: ['services'] },
);
