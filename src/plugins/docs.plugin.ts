import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { license, version } from '../../package.json';
import { BEARER_SCHEME } from './authentication.plugin';
import { completeDocument } from './openapi-completion';

/** Swagger UI's own `ui` object, in scope where the function below is pasted (its swagger-initializer.js). */
declare const ui: { preauthorizeApiKey(scheme: string, value: string): void; authActions: { persistAuthorizationIfNeeded(): void } };

/**
 * Runs in the browser, inside Swagger UI (the plugin pastes its source into the page): after a successful
 * "Try it out" of login or refresh, the new access token is used for every later call, as if pasted into
 * "Authorize", and kept across page reloads. A plain function (no closure, no imports): only its source text reaches the browser.
 */
function useTokenFromLogin(response: { [field: string]: unknown; url?: string; ok?: boolean; obj?: { accessToken?: string } }) {
  if (response.ok && /\/api\/v1\/auth\/(login|refresh)$/.test(response.url ?? '') && response.obj?.accessToken) {
    ui.preauthorizeApiKey('bearerAuth', response.obj.accessToken);
    // what the Authorize dialog does after a login, so that persistAuthorization keeps it across reloads
    ui.authActions.persistAuthorizationIfNeeded();
  }
  return response;
}

/** OpenAPI built from the route schemas (themselves built from the DTO classes), served at /docs and /openapi.json. */
export const docsPlugin = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        // 3.1: its schemas are JSON Schema, like the ones the DTOs compile to (type arrays, numeric exclusiveMinimum).
        openapi: '3.1.0',
        info: {
          title: 'ts-backend-boilerplate API',
          description:
            'Items, users and products. Errors always have `code`, `message` and, for bad input, `details`.\n\n' +
            'Routes with a lock need an access token: run **POST /api/v1/auth/login** here (the token is then used ' +
            'for every call), or paste one into **Authorize**.',
          version,
          license: { name: license, identifier: license },
        },
        // relative: the host that served the document, whatever name or address the client reached it by
        servers: [{ url: '/', description: 'The server this document came from' }],
        tags: [
          { name: 'Auth', description: 'Accounts, logins and token refresh' },
          { name: 'Items', description: 'A minimal resource: name, description, active flag' },
          { name: 'Products', description: 'Products owned by the user who created them' },
          { name: 'Users', description: 'Accounts: admins manage everyone, users read and change themselves' },
          { name: 'Health', description: 'Liveness and readiness probes for load balancers and orchestrators' },
        ],
        components: { securitySchemes: { [BEARER_SCHEME]: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      },
      // always an OpenAPI 3 document here (the `openapi` option above), never a Swagger 2 one
      transformObject: (document) => completeDocument('openapiObject' in document ? document.openapiObject : document.swaggerObject),
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (json.$id as string) ?? `def-${i}` },
    });
    // Its own scope, so that the hook marking the documentation's pages public reaches only them.
    await app.register(async (scope) => {
      scope.addHook('onRoute', (route) => {
        route.config = { ...route.config, access: 'public' };
      });
      await scope.register(swaggerUi, {
        routePrefix: '/docs',
        uiConfig: { persistAuthorization: true, responseInterceptor: useTokenFromLogin },
      });
    });
    app.get('/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());
  },
  { name: 'docs' },
);
