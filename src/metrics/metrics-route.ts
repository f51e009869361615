import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { MetricsConfig } from '../config/app-config';
import { UnauthorizedError } from '../errors/app-error';
import { recordDatabaseMetrics } from './database-metrics';
import { recordHttpMetrics } from './http-metrics';

function sameToken(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(`Bearer ${expected}`);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics` in Prometheus' text format: requests, database, process (prom-client's default metrics: CPU,
 * memory, event-loop lag, handles). A registry per app, so two apps in one process (tests) never share series.
 * With METRICS_TOKEN the scrape must send `Authorization: Bearer <token>` (Prometheus: `authorization.credentials`).
 * Loaded by buildApp only when metrics are on: off, prom-client is never imported and no hook is added.
 */
export function metricsRoute(app: FastifyInstance, config: MetricsConfig): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  recordHttpMetrics(app, registry);
  recordDatabaseMetrics(app.db, registry);
  app.get(
    '/metrics',
    // public to the bearer-token check of the API (its own token instead), never rate-limited (a scraper is one
    // address), and not in the OpenAPI document (it is for operators, not API clients)
    { config: { access: 'public', rateLimit: false }, schema: { hide: true } },
    async (request, reply) => {
      if (config.token && !sameToken(request.headers.authorization, config.token)) {
        throw new UnauthorizedError('GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>"');
      }
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
}
