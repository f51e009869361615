import type { FastifyInstance } from 'fastify';
import { pendingMigrationNames } from '../database/schema-status';

const status = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    database: { type: 'string' },
    pendingMigrations: { type: 'array', items: { type: 'string' } },
  },
  required: ['status'],
};

/** Liveness says the process answers; readiness says it can serve: database reachable, schema current. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/live', { schema: { tags: ['Health'], response: { 200: status } } }, async () => ({ status: 'ok' }));

  app.get('/ready', { schema: { tags: ['Health'], response: { 200: status, 503: status } } }, async (request, reply) => {
    try {
      await app.db.query('SELECT 1');
      const pending = await pendingMigrationNames(app.db);
      if (pending.length > 0) {
        return reply.status(503).send({ status: 'unavailable', database: 'ok', pendingMigrations: pending });
      }
      return { status: 'ok', database: 'ok', pendingMigrations: [] };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.status(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  });
}
