import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type BuildOptions } from '../../src/app';
import type {
  ApiConfig,
  AppConfig,
  AuthConfig,
  DatabaseConfig,
  MetricsConfig,
  RedisConfig,
  SecurityConfig,
  TracingConfig,
} from '../../src/config/app-config';
import { createDataSource } from '../../src/database/data-source';
import { enforceContract } from './contract';
import { createTestDatabase, Engine, TestDatabase } from './test-databases';

/** Tests sign their own tokens with it (expired, forged, other algorithms) to prove the app refuses them. */
export const TEST_JWT_SECRET = 'test-only-jwt-secret-of-at-least-32-characters';

export interface ConfigOverrides {
  env?: AppConfig['env'];
  logLevel?: AppConfig['logLevel'];
  api?: Partial<ApiConfig>;
  auth?: Partial<AuthConfig>;
  security?: Partial<SecurityConfig>;
  redis?: RedisConfig;
  metrics?: MetricsConfig;
  tracing?: TracingConfig;
}

/** The app's settings for a test: rate limits out of the way (the tests of the limits set their own). */
export function testConfig(database: DatabaseConfig, overrides: ConfigOverrides = {}): AppConfig {
  return {
    env: overrides.env ?? 'test',
    logLevel: overrides.logLevel ?? 'silent',
    api: {
      host: '127.0.0.1',
      port: 0,
      bodyLimit: 1_048_576,
      docsEnabled: true,
      requestTimeout: 30_000,
      connectionTimeout: 60_000,
      trustProxy: false,
      ...overrides.api,
    },
    auth: {
      jwtSecret: TEST_JWT_SECRET,
      accessTokenTtl: 900,
      refreshTokenTtl: 1_209_600,
      registration: 'open',
      publicReads: true,
      roleCacheSeconds: 5,
      ...overrides.auth,
    },
    security: { corsOrigins: [], rateLimit: { max: 1_000_000, authMax: 1_000_000, windowMs: 60_000 }, ...overrides.security },
    database,
    ...(overrides.redis ? { redis: overrides.redis } : {}),
    ...(overrides.metrics ? { metrics: overrides.metrics } : {}),
    ...(overrides.tracing ? { tracing: overrides.tracing } : {}),
  };
}

export async function migrate(database: DatabaseConfig): Promise<void> {
  const dataSource = createDataSource(database);
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * A migrated database of its own and the real app on it, driven through `app.inject` (no port). Every response
 * a test gets this way is checked against the app's OpenAPI document (support/contract.ts): the test fails
 * when a route answers a status, a body or headers its document does not declare.
 */
export async function startTestApp(engine: Engine, overrides: ConfigOverrides = {}, build: BuildOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase(engine);
  await migrate(database.config);
  const app = await buildApp(testConfig(database.config, overrides), build);
  await app.ready();
  enforceContract(app);
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

export function json<T = Record<string, unknown>>(response: LightMyRequestResponse): T {
  return response.json() as T;
}

/** Asserts a 400 VALIDATION_FAILED whose details name `field` (and, if given, a reason containing `reason`). */
export function expectValidationError(response: LightMyRequestResponse, field: string, reason?: string): void {
  expect(response.statusCode).toBe(400);
  const body = response.json();
  expect(body.code).toBe('VALIDATION_FAILED');
  const detail = (body.details as { field: string; reason: string }[]).find((d) => d.field === field);
  expect(detail).toBeDefined();
  if (reason) expect(detail!.reason).toContain(reason);
}
