import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import type { AppConfig, DatabaseConfig, RedisConfig } from './app-config';
import { envFileVariables, loadEnvFiles } from './env-files';
import { DEVELOPMENT_JWT_SECRET, EnvironmentVariables } from './environment-variables';
import { describeUnknown, unknownVariables } from './unknown-variables';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'Set these in the environment or in .env (every variable is listed in .env.example).',
    );
    this.name = 'ConfigError';
  }
}

/** Values never echoed in a message: a URL can carry a password too (redis://:secret@host). */
const SECRET = /PASSWORD|SECRET|TOKEN|_URL$/;
/** Constraints on what a value is; when one fails, its range or length rules only add noise ("31o8" is no number). */
const KIND_CONSTRAINTS = ['isInt', 'isBoolean', 'isIn', 'isString', 'isArray', 'isNotEmpty'];

function describe(error: ValidationError, vars: EnvironmentVariables, raw: Record<string, string>): string {
  const given = raw[error.property];
  if (given === undefined) {
    return `${error.property} is required when DB_TYPE=${vars.DB_TYPE} (not set)`;
  }
  const failed = Object.entries(error.constraints ?? {});
  const kind = failed.filter(([name]) => KIND_CONSTRAINTS.includes(name));
  const reasons = (kind.length ? kind : failed).map(([, reason]) => reason.replace(error.property, '').trim());
  const shown = SECRET.test(error.property) ? 'given value hidden' : `got "${given}"`;
  return `${error.property} ${reasons.join(', ')} (${shown})`;
}

/** What is fine on a laptop but never in production. */
function productionProblems(vars: EnvironmentVariables): string[] {
  if (vars.NODE_ENV !== 'production') return [];
  return [
    ...(vars.AUTH_JWT_SECRET === DEVELOPMENT_JWT_SECRET
      ? ['AUTH_JWT_SECRET is the development default; production needs a random secret of its own (e.g. openssl rand -base64 48)']
      : []),
    ...(vars.METRICS_ENABLED && !vars.METRICS_TOKEN
      ? ['METRICS_ENABLED=true in production needs METRICS_TOKEN, the bearer token Prometheus sends (e.g. openssl rand -hex 24)']
      : []),
  ];
}

/**
 * Validates the environment once into the typed object; throws ConfigError naming every bad variable.
 * `files` says which .env file set a variable, for the warning about one that is not ours.
 */
export function parseConfig(raw: Record<string, string | undefined>, files?: ReadonlyMap<string, string>): AppConfig {
  const present: Record<string, string> = Object.fromEntries(
    Object.entries(raw).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
  const vars = plainToInstance(EnvironmentVariables, present, { exposeDefaultValues: true });
  const problems = [
    ...validateSync(vars, { whitelist: false }).map((error) => describe(error, vars, present)),
    ...productionProblems(vars),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  const warnings = unknownVariables(Object.keys(present), files).map(describeUnknown);
  return {
    env: vars.NODE_ENV,
    logLevel: vars.LOG_LEVEL,
    api: {
      host: vars.API_HOST,
      port: vars.API_PORT,
      bodyLimit: vars.BODY_LIMIT_BYTES,
      docsEnabled: vars.DOCS_ENABLED ?? vars.NODE_ENV !== 'production',
      requestTimeout: vars.REQUEST_TIMEOUT_MS,
      connectionTimeout: vars.CONNECTION_TIMEOUT_MS,
      trustProxy: vars.TRUST_PROXY,
    },
    auth: {
      jwtSecret: vars.AUTH_JWT_SECRET,
      accessTokenTtl: vars.AUTH_ACCESS_TOKEN_TTL,
      refreshTokenTtl: vars.AUTH_REFRESH_TOKEN_TTL,
      registration: vars.AUTH_REGISTRATION,
      publicReads: vars.AUTH_PUBLIC_READS,
      roleCacheSeconds: vars.AUTH_ROLE_CACHE_SECONDS,
    },
    security: {
      corsOrigins: vars.CORS_ORIGINS,
      rateLimit: { max: vars.RATE_LIMIT_MAX, authMax: vars.RATE_LIMIT_AUTH_MAX, windowMs: vars.RATE_LIMIT_WINDOW_SECONDS * 1000 },
    },
    database: databaseConfig(vars),
    ...(warnings.length ? { warnings } : {}),
    ...(vars.REDIS_URL ? { redis: redisConfig(vars, vars.REDIS_URL) } : {}),
    ...(vars.OTEL_EXPORTER_OTLP_ENDPOINT
      ? { tracing: { endpoint: vars.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, ''), serviceName: vars.OTEL_SERVICE_NAME } }
      : {}),
    ...((vars.METRICS_ENABLED ?? vars.NODE_ENV !== 'production') ? { metrics: { token: vars.METRICS_TOKEN } } : {}),
  };
}

function redisConfig(vars: EnvironmentVariables, url: string): RedisConfig {
  return { url, keyPrefix: vars.REDIS_KEY_PREFIX, timeoutMs: vars.REDIS_TIMEOUT_MS, onFailure: vars.RATE_LIMIT_REDIS_FAILURE };
}

function databaseConfig(vars: EnvironmentVariables): DatabaseConfig {
  const poolSize = vars.DB_POOL_SIZE;
  const logQueries = vars.DB_LOG_QUERIES;
  const retry = { attempts: vars.DB_RETRY_ATTEMPTS, baseDelayMs: vars.DB_RETRY_BASE_DELAY_MS, maxDelayMs: vars.DB_RETRY_MAX_DELAY_MS };
  const connectTimeout = vars.DB_CONNECT_TIMEOUT_MS;
  switch (vars.DB_TYPE) {
    case 'sqlite':
      return { type: 'sqlite', path: vars.SQLITE_PATH, logQueries, busyTimeout: vars.SQLITE_BUSY_TIMEOUT_MS, retry };
    case 'mssql':
      return {
        type: 'mssql',
        host: vars.MSSQL_HOST!,
        port: vars.MSSQL_PORT,
        username: vars.MSSQL_USER!,
        password: vars.MSSQL_PASSWORD,
        database: vars.MSSQL_DB!,
        poolSize,
        logQueries,
        connectTimeout,
        retry,
        ssl: vars.MSSQL_ENCRYPT,
        trustServerCertificate: vars.MSSQL_TRUST_SERVER_CERTIFICATE,
      };
    case 'postgres':
      return {
        type: 'postgres',
        host: vars.POSTGRES_HOST!,
        port: vars.POSTGRES_PORT,
        username: vars.POSTGRES_USER!,
        password: vars.POSTGRES_PASSWORD,
        database: vars.POSTGRES_DB!,
        poolSize,
        logQueries,
        connectTimeout,
        retry,
        ssl: vars.POSTGRES_SSL,
        trustServerCertificate: false,
        preparedStatements: vars.POSTGRES_PREPARED_STATEMENTS,
      };
    case 'mariadb':
      return {
        type: 'mariadb',
        host: vars.MARIADB_HOST!,
        port: vars.MARIADB_PORT,
        username: vars.MARIADB_USER!,
        password: vars.MARIADB_PASSWORD,
        database: vars.MARIADB_DB!,
        poolSize,
        logQueries,
        connectTimeout,
        retry,
        ssl: false,
        trustServerCertificate: false,
      };
  }
}

/** Reads `.env` files, then validates. The app, the migration CLI, seeds and config:check all start here. */
export function loadConfig(cwd = process.cwd()): AppConfig {
  const files = loadEnvFiles(cwd);
  return parseConfig(process.env, envFileVariables(files));
}
