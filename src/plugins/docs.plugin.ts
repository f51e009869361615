import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { version } from '../../package.json';

/** OpenAPI built from the route schemas (themselves built from the DTO classes), served at /docs and /openapi.json. */
export const docsPlugin = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        // 3.1: its schemas are JSON Schema, like the ones the DTOs compile to (type arrays, numeric exclusiveMinimum).
        openapi: '3.1.0',
        info: {
          title: 'ts-backend-boilerplate API',
          description: 'Items, users and products. Errors always have `code`, `message` and, for bad input, `details`.',
          version,
        },
      },
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (json.$id as string) ?? `def-${i}` },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'docs' },
);
