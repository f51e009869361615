import type { FastifyRequest } from 'fastify';
import type { Actor } from '../services/actor';

/** The caller of a route that needs a token (the authentication plugin has set it); calling it elsewhere is a bug. */
export function requestUser(request: FastifyRequest): Actor {
  if (!request.user) throw new Error(`${request.method} ${request.routeOptions.url} needs a user but is not protected`);
  return request.user;
}
