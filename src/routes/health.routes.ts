import type { FastifyInstance } from 'fastify';

const status = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    database: { type: 'string' },
    pendingMigrations: { type: 'array', items: { type: 'string' } },
    draining: { type: 'boolean', description: 'true once the process is shutting down' },
    redis: { type: 'string', enum: ['ok', 'unreachable'], description: 'only with REDIS_URL: the shared rate-limit store' },
  },
  required: ['status'],
};

/** Liveness says the process answers; readiness says it can serve: database reachable, schema current. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  // Public: load balancers and orchestrators probe without credentials, and neither answer names anything secret.
  // Not rate-limited: probes come often from one address, and readiness must still answer while the limiter's
  // store is down (RATE_LIMIT_REDIS_FAILURE=closed answers every limited route 503).
  const probe = { access: 'public', rateLimit: false } as const;
  app.get(
    '/live',
    {
      config: probe,
      schema: {
        tags: ['Health'],
        operationId: 'getLiveness',
        summary: 'The process answers',
        description: 'Checks nothing else: a liveness probe that fails only when the process must be restarted.',
        response: { 200: { ...status, description: 'The process is alive' } },
      },
    },
    async () => ({
      status: 'ok',
    }),
  );

  app.get(
    '/ready',
    {
      config: probe,
      schema: {
        tags: ['Health'],
        operationId: 'getReadiness',
        summary: 'The service can serve: database reachable, schema current (and Redis, when it fails closed)',
        description:
          'For a readiness probe: 503 while the database is unreachable, migrations are pending, Redis is away with RATE_LIMIT_REDIS_FAILURE=closed, or the process drains.',
        response: {
          200: { ...status, description: 'Ready to serve' },
          503: {
            ...status,
            description: 'Not ready: database unreachable, migrations pending, Redis away (fail closed), or shutting down',
          },
        },
      },
    },
    async (request, reply) => {
      // shutting down: a load balancer should stop sending before the listening socket goes away
      if (app.lifecycle.draining) return reply.status(503).send({ status: 'unavailable', draining: true });
      const readiness = await app.services.health.readiness();
      if ('reason' in readiness) request.log.warn({ reason: readiness.reason }, 'readiness check failed');
      // the response schema leaves out `reason`: driver messages can name hosts and users
      return reply.status(readiness.status === 'ok' ? 200 : 503).send(readiness);
    },
  );
}
