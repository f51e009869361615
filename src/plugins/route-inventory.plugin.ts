import type { HTTPMethods, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Access } from './authentication.plugin';

export interface InventoryEntry {
  method: HTTPMethods;
  url: string;
  access: Access;
  /** The route's JSON schemas, for tools that generate requests (the fuzz tests). */
  schema: RouteOptions['schema'];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route the app serves, with who may call it (OWASP API9: know what you expose). */
    routeInventory(): InventoryEntry[];
  }
}

/**
 * Records each route as it is added. Read when asked, not when recorded: a plugin's own onRoute hook may still
 * mark its routes (docs.plugin.ts marks its pages public) after this one has seen them.
 */
export const routeInventoryPlugin = fp(
  async (app) => {
    const routes: RouteOptions[] = [];
    app.addHook('onRoute', (route) => {
      routes.push(route);
    });
    app.decorate('routeInventory', () =>
      routes.flatMap((route) =>
        [route.method]
          .flat()
          .map((method) => ({ method, url: route.url, access: route.config?.access ?? 'authenticated', schema: route.schema })),
      ),
    );
  },
  { name: 'route-inventory' },
);
