import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import Fastify, { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { AppConfig } from './config/app-config';
import { buildErrorHandler } from './http/error-handler';
import { buildValidator } from './http/validator-compiler';
import { databasePlugin } from './plugins/database.plugin';
import { docsPlugin } from './plugins/docs.plugin';
import { servicesPlugin } from './plugins/services.plugin';
import { loadModules } from './modules/load-modules';
import { registerErrorSchema } from './routes/shared-schemas';

function loggerOptions(config: AppConfig): FastifyServerOptions['logger'] {
  const redact = ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.passwordHash'];
  if (config.env !== 'development') return { level: config.logLevel, redact };
  // Pretty lines for a developer's terminal; JSON everywhere else (pino-pretty is a dev dependency).
  return { level: config.logLevel, redact, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } };
}

/** Builds the whole app (plugins in order: infrastructure, services, routes) without listening. */
export async function buildApp(config: AppConfig): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config),
    bodyLimit: config.api.bodyLimit,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true },
    schemaController: { compilersFactory: { buildValidator } },
  });
  app.setErrorHandler(buildErrorHandler(() => (app.hasDecorator('db') ? app.db : undefined)));
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      statusCode: 404,
      code: 'NOT_FOUND',
      error: 'Not Found',
      message: `Route ${request.method} ${request.url} does not exist`,
      requestId: request.id,
    }),
  );
  // While closing, tell keep-alive clients to hang up after their response: Fastify only closes connections
  // that are idle when close() starts, so one busy then would keep server.close() waiting for its idle timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });
  // JSON only: Fastify would otherwise accept text/plain bodies and fail them later as the wrong type.
  app.removeContentTypeParser('text/plain');
  registerErrorSchema(app);

  await app.register(databasePlugin, { database: config.database });
  if (config.api.docsEnabled) await app.register(docsPlugin);
  const modules = loadModules();
  await app.register(servicesPlugin, { config, modules });
  for (const { module } of modules) {
    if (module.routes) await app.register(module.routes.plugin, { prefix: module.routes.prefix });
  }
  return app;
}
