import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { parseConfig } from '../../src/config/load-config';
import { describeEachEngine } from '../support/each-engine';
import { sessionOf } from '../support/factories';
import { modulesLoadedBy } from '../support/loaded-modules';
import { startTestApp, TestApp } from '../support/test-app';

const TRACING = { endpoint: 'http://127.0.0.1:1', serviceName: 'tracing-test' };
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

describeEachEngine('OpenTelemetry traces', (engine) => {
  const exporter = new InMemorySpanExporter();
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine, { tracing: TRACING }, { traceExporter: exporter });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("POST /api/v1/products: a request span under the caller's traceparent, with the request id, and database child spans", async () => {
    const { headers } = await sessionOf(t.app, 'user');
    exporter.reset();
    // over a real socket, body and all, as a traced client would call it
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/products`, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01`,
        'x-request-id': 'trace-me-1',
      },
      body: JSON.stringify({ name: 'Traced', sku: 'SKU-TRACED-1', price: 1.5 }),
    });
    expect(response.status).toBe(201);
    const spans = exporter.getFinishedSpans();
    const request = spans.find((span) => span.name === 'POST /api/v1/products');
    expect(request).toBeDefined();
    expect(request!.spanContext().traceId).toBe(TRACE_ID);
    expect(request!.parentSpanContext?.spanId).toBe(CALLER_SPAN);
    expect(request!.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/api/v1/products',
      'request.id': 'trace-me-1',
      'http.response.status_code': 201,
    });
    expect(request!.resource.attributes['service.name']).toBe('tracing-test');

    const children = spans.filter((span: ReadableSpan) => span.parentSpanContext?.spanId === request!.spanContext().spanId);
    const insert = children.find((span) => span.name === 'insert');
    expect(insert).toBeDefined();
    // SQL Server's insert declares its OUTPUT table variable first
    expect(insert!.attributes['db.query.text']).toMatch(/^(DECLARE @OutputTable TABLE [^;]*;\s*)?INSERT INTO/i);
    expect(insert!.attributes['db.system.name']).toBe(
      { sqlite: 'sqlite', postgres: 'postgresql', mariadb: 'mariadb', mssql: 'microsoft.sql_server' }[engine],
    );
    // every database span of the request is inside it, on the same trace
    for (const child of children) expect(child.spanContext().traceId).toBe(TRACE_ID);
  });

  it('starts a trace of its own without a traceparent', async () => {
    exporter.reset();
    expect((await t.app.inject({ url: '/health/live' })).statusCode).toBe(200);
    const [live] = exporter.getFinishedSpans().filter((span) => span.name === 'GET /health/live');
    expect(live.parentSpanContext).toBeUndefined();
    expect(live.spanContext().traceId).not.toBe(TRACE_ID);
  });
});

describe('tracing off [sqlite]', () => {
  it('is off without OTEL_EXPORTER_OTLP_ENDPOINT, and then loads nothing of OpenTelemetry (loaded with it: the control)', async () => {
    expect(parseConfig({ OTEL_SERVICE_NAME: 'x' }).tracing).toBeUndefined();
    expect(parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing).toEqual({
      endpoint: 'http://collector:4318',
      serviceName: 'ts-backend-boilerplate',
    });
    const modules = ['../../src/tracing/tracing', '@opentelemetry/api', '@opentelemetry/sdk-trace-base'];
    expect(await modulesLoadedBy(modules, {})).toEqual([]);
    expect(await modulesLoadedBy(modules, { tracing: TRACING })).toEqual([...modules].sort());
  });
});
