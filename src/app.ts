import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import Fastify, { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { AppConfig, RedisConfig } from './config/app-config';
import { DEVELOPMENT_PRETTY_OPTIONS, DevelopmentLogController } from './http/development-log';
import { buildErrorHandler, frameworkErrorHandler } from './http/error-handler';
import { redactingFormatters } from './http/log-redaction';
import { serverInTurns } from './http/request-turns';
import { createValidatorBuilder } from './http/validator-compiler';
import { authenticationPlugin } from './plugins/authentication.plugin';
import { databasePlugin } from './plugins/database.plugin';
import { docsPlugin } from './plugins/docs.plugin';
import { routeInventoryPlugin } from './plugins/route-inventory.plugin';
import { securityPlugin } from './plugins/security.plugin';
import { servicesPlugin } from './plugins/services.plugin';
import { loadModules } from './modules/load-modules';
import { registerErrorSchema } from './routes/shared-schemas';

declare module 'fastify' {
  interface FastifyInstance {
    config: AppConfig;
  }
}

/** REDIS_URL: Redis for what instances share. Imported only then, so one instance never loads ioredis. */
async function openSharedState(redis: RedisConfig, app: FastifyInstance) {
  const { openSharedState: open } = await import('./shared-state/shared-state');
  const shared = await open(redis, app.log);
  app.addHook('onClose', () => shared.close());
  return shared;
}

type LogStream = { write(line: string): void };

function loggerOptions(config: AppConfig, stream?: LogStream): FastifyServerOptions['logger'] {
  const options = { level: config.logLevel, formatters: redactingFormatters };
  if (stream) return { ...options, stream };
  if (config.env !== 'development') return options;
  // Pretty lines for a developer's terminal; JSON everywhere else (pino-pretty is a dev dependency).
  return { ...options, transport: { target: 'pino-pretty', options: DEVELOPMENT_PRETTY_OPTIONS } };
}

export interface BuildOptions {
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: LogStream;
  /** With tracing on: where spans go instead of OTLP (tests use an in-memory exporter). */
  traceExporter?: SpanExporter;
}

/** Builds the whole app (plugins in order: infrastructure, security, services, routes) without listening. */
export async function buildApp(config: AppConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config, options.logStream),
    bodyLimit: config.api.bodyLimit,
    requestTimeout: config.api.requestTimeout,
    connectionTimeout: config.api.connectionTimeout,
    trustProxy: config.api.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true },
    ...(config.env === 'development' ? { logController: new DevelopmentLogController() } : {}),
    schemaController: { compilersFactory: { buildValidator: createValidatorBuilder() } },
    frameworkErrors: frameworkErrorHandler,
    // new connections accepted without seconds of waiting under hundreds of busy ones (src/http/request-turns.ts)
    serverFactory: serverInTurns(),
  });
  // a misspelled setting (DB_TPYE) is ignored and its default used: say so where operators look
  for (const warning of config.warnings ?? []) app.log.warn(warning);
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
  // While draining or closing, tell keep-alive clients to hang up after their response (src/http/drain.ts):
  // a connection busy when close() starts would otherwise keep server.close() waiting for its idle timeout.
  app.decorate('lifecycle', { draining: false });
  app.addHook('preClose', async () => {
    app.lifecycle.draining = true;
  });
  // A callback hook, not an async one: no promise per response.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    if (app.lifecycle.draining) reply.header('connection', 'close');
    done(null, payload);
  });
  // JSON only: Fastify would otherwise accept text/plain bodies and fail them later as the wrong type.
  app.removeContentTypeParser('text/plain');
  registerErrorSchema(app);

  app.decorate('config', config);
  await app.register(routeInventoryPlugin);
  await app.register(databasePlugin, { database: config.database });
  const shared = config.redis ? await openSharedState(config.redis, app) : undefined;
  await app.register(securityPlugin, { security: config.security, sharedLimits: shared?.rateLimit });
  // Before the routes, so their hooks see every one; each imported only when on (neither library is free to load).
  if (config.tracing) (await import('./tracing/tracing')).startTracing(app, config.tracing, options.traceExporter);
  if (config.metrics) (await import('./metrics/metrics-route')).metricsRoute(app, config.metrics);
  const modules = loadModules();
  await app.register(servicesPlugin, { config, modules, sharedStore: shared?.probe });
  await app.register(authenticationPlugin);
  if (config.api.docsEnabled) await app.register(docsPlugin);
  for (const { module } of modules) {
    if (module.routes) await app.register(module.routes.plugin, { prefix: module.routes.prefix });
  }
  return app;
}
