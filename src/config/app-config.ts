import type { Environment } from './env-files';
import type { LOG_LEVELS, RegistrationMode, StoreFailureMode } from './environment-variables';

/** Retries of reads and whole transactions after a transient fault (src/database/retry.ts). */
export interface RetryConfig {
  /** Attempts in all; 1 turns retries off. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface SqliteConfig {
  type: 'sqlite';
  path: string;
  logQueries: boolean;
  /** Milliseconds a write waits for another connection's lock (default 10000). */
  busyTimeout?: number;
  retry?: RetryConfig;
}

export interface ServerDatabaseConfig {
  type: 'mssql' | 'postgres' | 'mariadb';
  host: string;
  port: number;
  username: string;
  password?: string;
  database: string;
  poolSize: number;
  /** mssql: encrypt the connection; postgres: require TLS. */
  ssl: boolean;
  /** mssql only: accept a self-signed server certificate (local Docker). */
  trustServerCertificate: boolean;
  logQueries: boolean;
  /** postgres only: send the repositories' statements named, so each connection plans them once (default true). */
  preparedStatements?: boolean;
  /** Milliseconds to wait for a new connection (default 5000). */
  connectTimeout?: number;
  retry?: RetryConfig;
}

export type DatabaseConfig = SqliteConfig | ServerDatabaseConfig;

export interface ApiConfig {
  host: string;
  port: number;
  bodyLimit: number;
  docsEnabled: boolean;
  /** Milliseconds a request may take from its first byte to its response. */
  requestTimeout: number;
  /** Milliseconds a socket may stay idle. */
  connectionTimeout: number;
  /** Take the client address from X-Forwarded-For (only behind a proxy you run). */
  trustProxy: boolean;
}

export interface AuthConfig {
  jwtSecret: string;
  /** Seconds. */
  accessTokenTtl: number;
  /** Seconds. */
  refreshTokenTtl: number;
  registration: RegistrationMode;
  /** GET on products and items without a token. */
  publicReads: boolean;
  /** How long a caller's role and active flag, once read, may be reused; 0: read on every request. */
  roleCacheSeconds: number;
}

export interface SecurityConfig {
  /** Exact origins allowed to call the API from a browser; empty: none. */
  corsOrigins: string[];
  /** Per client IP and window: `max` on every route, `authMax` on login, register and refresh. */
  rateLimit: { max: number; authMax: number; windowMs: number };
}

/** Shared state for several instances (REDIS_URL): the rate-limit counters. */
export interface RedisConfig {
  url: string;
  keyPrefix: string;
  /** Milliseconds to connect or to answer one command. */
  timeoutMs: number;
  /** What the rate limiter does while Redis is unreachable: let requests through (open) or answer 503 (closed). */
  onFailure: StoreFailureMode;
}

/** GET /metrics (METRICS_ENABLED); with a token, scrapes must send it as a bearer token. */
export interface MetricsConfig {
  token?: string;
}

/** OpenTelemetry traces, on when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
export interface TracingConfig {
  /** The OTLP/HTTP base URL; spans go to `${endpoint}/v1/traces`. */
  endpoint: string;
  serviceName: string;
}

/** The validated, typed settings every part of the project reads (never process.env directly). */
export interface AppConfig {
  env: Environment;
  logLevel: (typeof LOG_LEVELS)[number];
  api: ApiConfig;
  auth: AuthConfig;
  security: SecurityConfig;
  database: DatabaseConfig;
  /** What is wrong but does not stop the service (a variable that looks like ours and is not): logged at boot. */
  warnings?: string[];
  /** Unset: one instance, counters in memory, nothing Redis-related loaded. */
  redis?: RedisConfig;
  /** Unset: no /metrics, prom-client never loaded. */
  metrics?: MetricsConfig;
  /** Unset: no spans, nothing of OpenTelemetry loaded. */
  tracing?: TracingConfig;
}
