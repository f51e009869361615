import { context, defaultTextMapGetter, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TracingConfig } from '../config/app-config';
import { observeQueries, operationOf, queryObserver } from '../database/query-observer';

/** OpenTelemetry's names for the engines (db.system.name). */
const DB_SYSTEM: Record<string, string> = {
  'better-sqlite3': 'sqlite',
  postgres: 'postgresql',
  mariadb: 'mariadb',
  mssql: 'microsoft.sql_server',
};

/**
 * A span per request (W3C `traceparent` honoured, the request id on it) with a child span per SQL statement,
 * exported over OTLP/HTTP to `${OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`. Hand-written hooks rather than the
 * auto-instrumentations: they patch modules at require time (so they must load before the app), and there is
 * none for better-sqlite3; the query observer (src/database/query-observer.ts) sees every engine's statements.
 * A provider per app, not a global one, so two apps in one process (tests) keep their spans apart.
 */
export function startTracing(app: FastifyInstance, config: TracingConfig, exporter?: SpanExporter): void {
  // Async context across awaits; only the first app in a process installs it (setGlobal refuses a second).
  const manager = new AsyncLocalStorageContextManager();
  if (context.setGlobalContextManager(manager)) manager.enable();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    spanProcessors: [
      exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(new OTLPTraceExporter({ url: `${config.endpoint}/v1/traces` })),
    ],
  });
  const tracer = provider.getTracer('ts-backend-boilerplate');
  const propagator = new W3CTraceContextPropagator();
  const spans = new WeakMap<FastifyRequest, Span>();

  app.addHook('onRequest', (request, _reply, done) => {
    const parent = propagator.extract(ROOT_CONTEXT, request.headers, defaultTextMapGetter);
    const route = request.routeOptions.url;
    const span = tracer.startSpan(
      `${request.method} ${route ?? 'unmatched'}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': request.method, ...(route ? { 'http.route': route } : {}), 'request.id': request.id },
      },
      parent,
    );
    spans.set(request, span);
    context.with(trace.setSpan(parent, span), done);
  });
  app.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });

  const system = DB_SYSTEM[app.db.options.type] ?? app.db.options.type;
  observeQueries(
    app.db,
    queryObserver(({ query, executionTime = 0, success }) => {
      const parent = context.active();
      // statements outside a request (startup, background probes) would be traces of their own: not useful
      if (!trace.getSpan(parent)) return;
      const span = tracer.startSpan(
        operationOf(query),
        { kind: SpanKind.CLIENT, startTime: Date.now() - executionTime, attributes: { 'db.system.name': system, 'db.query.text': query } },
        parent,
      );
      if (!success) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }),
  );
  app.addHook('onClose', () => provider.shutdown());
}
