import cors from '@fastify/cors';
import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import type { SecurityConfig } from '../config/app-config';
import { AppError } from '../errors/app-error';
import { securityHeaders } from './security-headers';

export interface SecurityPluginOptions {
  security: SecurityConfig;
  /** REDIS_URL: counters every instance shares (src/shared-state/); unset: this process's memory. */
  sharedLimits?: { store: FastifyRateLimitStoreCtor; skipOnError: boolean };
}

/**
 * Security headers on every response, CORS for the configured origins only, and a per-IP rate limit on every
 * route (routes can set a stricter `config.rateLimit`, as login does). The limiter keeps its counts in memory,
 * right for one instance, or in Redis with REDIS_URL, so that instances behind a load balancer share them (README,
 * "Running several instances").
 * Registered before the routes: the limiter attaches itself to each route as it is added.
 */
export const securityPlugin = fp<SecurityPluginOptions>(
  async (app, { security, sharedLimits }) => {
    const headers = securityHeaders();
    // A callback hook, not an async one: no promise per request.
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
    // No origins configured: no CORS plugin at all (no headers, no preflight answers), so an API called only by
    // servers pays nothing per request for it. Never a wildcard.
    if (security.corsOrigins.length > 0) {
      await app.register(cors, {
        origin: security.corsOrigins,
        methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
        allowedHeaders: ['authorization', 'content-type', 'x-request-id'],
        exposedHeaders: ['x-request-id', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
        // bearer tokens, not cookies: browsers never need to send credentials
        credentials: false,
        maxAge: 600,
      });
    }
    await app.register(rateLimit, {
      max: security.rateLimit.max,
      timeWindow: security.rateLimit.windowMs,
      ...sharedLimits,
      errorResponseBuilder: (_request, context) => new AppError('TOO_MANY_REQUESTS', `Too many requests; retry in ${context.after}`),
    });
  },
  { name: 'security' },
);
