import { Transform } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ENVIRONMENTS, Environment } from './env-files';

export const DB_TYPES = ['sqlite', 'mssql', 'postgres', 'mariadb'] as const;
export type DbType = (typeof DB_TYPES)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const REGISTRATION_MODES = ['open', 'admin'] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];
export const STORE_FAILURE_MODES = ['open', 'closed'] as const;
export type StoreFailureMode = (typeof STORE_FAILURE_MODES)[number];

/** Lets development and tests start with no setup; production refuses it (load-config.ts). */
export const DEVELOPMENT_JWT_SECRET = 'development-only-jwt-secret-never-use-in-production';
/** 256 bits of base64 text, as HS256 wants a key at least as long as its hash (RFC 7518 section 3.2). */
export const MIN_JWT_SECRET_LENGTH = 32;
export const MIN_METRICS_TOKEN_LENGTH = 16;
/** scheme://host[:port], exactly as a browser sends it in the Origin header. */
const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

const toBoolean = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const normalized = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalized)) return true;
  if (['false', '0', 'no', 'off'].includes(normalized)) return false;
  return value;
};
/** The refusal says which spellings pass, since several do. */
const BOOLEAN = { message: 'must be true or false (1/0, yes/no and on/off are accepted too, in any case)' };

const toInteger = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value);

const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : value;

const needs = (type: DbType) => (vars: EnvironmentVariables) => vars.DB_TYPE === type;

/** Every variable the service reads, with its default. `.env.example` documents the same list. */
export class EnvironmentVariables {
  @IsIn(ENVIRONMENTS)
  NODE_ENV: Environment = 'development';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @IsString()
  @IsNotEmpty()
  API_HOST: string = '127.0.0.1';

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(65535)
  API_PORT: number = 3100;

  @Transform(toInteger)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES: number = 1_048_576;

  /** Unset: on, except in production. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean(BOOLEAN)
  DOCS_ENABLED?: boolean;

  @Transform(toInteger)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  REQUEST_TIMEOUT_MS: number = 30_000;

  /** Idle socket limit; above REQUEST_TIMEOUT_MS, since a socket is idle while its request is being served. */
  @Transform(toInteger)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  CONNECTION_TIMEOUT_MS: number = 60_000;

  @Transform(toBoolean)
  @IsBoolean(BOOLEAN)
  TRUST_PROXY: boolean = false;

  @IsString()
  @MinLength(MIN_JWT_SECRET_LENGTH, { message: `must be at least ${MIN_JWT_SECRET_LENGTH} characters (e.g. openssl rand -base64 48)` })
  AUTH_JWT_SECRET: string = DEVELOPMENT_JWT_SECRET;

  /** Seconds. */
  @Transform(toInteger)
  @IsInt()
  @Min(30)
  @Max(86_400)
  AUTH_ACCESS_TOKEN_TTL: number = 900;

  /** Seconds. */
  @Transform(toInteger)
  @IsInt()
  @Min(300)
  @Max(31_536_000)
  AUTH_REFRESH_TOKEN_TTL: number = 1_209_600;

  @IsIn(REGISTRATION_MODES)
  AUTH_REGISTRATION: RegistrationMode = 'open';

  @Transform(toBoolean)
  @IsBoolean(BOOLEAN)
  AUTH_PUBLIC_READS: boolean = true;

  /**
   * Seconds an instance may reuse a caller's role and active flag instead of reading them per request. A change
   * made through this instance counts at once; one made elsewhere (another instance, SQL) within this bound.
   */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(60)
  AUTH_ROLE_CACHE_SECONDS: number = 5;

  @Transform(toList)
  @IsArray()
  @Matches(ORIGIN, {
    each: true,
    message: 'must be a comma list of origins such as https://app.example.com (scheme://host[:port], no path, no *)',
  })
  CORS_ORIGINS: string[] = [];

  /** Requests per window and client IP, on every route. */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  RATE_LIMIT_MAX: number = 300;

  /** Requests per window and client IP on login, register and refresh (password guessing). */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  RATE_LIMIT_AUTH_MAX: number = 10;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(86_400)
  RATE_LIMIT_WINDOW_SECONDS: number = 60;

  /** GET /metrics (Prometheus). Unset: on, except in production. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean(BOOLEAN)
  METRICS_ENABLED?: boolean;

  /** Bearer token a scrape of /metrics must send; production refuses METRICS_ENABLED=true without one. */
  @IsOptional()
  @IsString()
  @MinLength(MIN_METRICS_TOKEN_LENGTH, { message: `must be at least ${MIN_METRICS_TOKEN_LENGTH} characters (e.g. openssl rand -hex 24)` })
  METRICS_TOKEN?: string;

  /** OpenTelemetry's standard variable: the OTLP/HTTP collector (e.g. http://otel-collector:4318). Unset: no traces. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http:// or https:// URL such as http://localhost:4318' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @IsString()
  @IsNotEmpty()
  OTEL_SERVICE_NAME: string = 'ts-backend-boilerplate';

  /** Unset: the limiter counts in this process's memory. Set: every instance counts in this Redis (several instances). */
  @IsOptional()
  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379/0' })
  REDIS_URL?: string;

  /** Prefix of every key the service writes, so several services (or tests) can share one Redis. */
  @IsString()
  @Matches(/^[A-Za-z0-9:_.-]{1,64}$/, { message: 'must be 1 to 64 letters, digits or : _ . - (e.g. myapi:)' })
  REDIS_KEY_PREFIX: string = 'ts-backend:';

  /** Longest wait for Redis to connect or answer one command; a request waits at most this long for the limiter. */
  @Transform(toInteger)
  @IsInt()
  @Min(50)
  @Max(10_000)
  REDIS_TIMEOUT_MS: number = 500;

  /** Redis unreachable: open lets requests through uncounted, closed answers them 503 (and readiness turns 503). */
  @IsIn(STORE_FAILURE_MODES)
  RATE_LIMIT_REDIS_FAILURE: StoreFailureMode = 'open';

  @IsIn(DB_TYPES)
  DB_TYPE: DbType = 'sqlite';

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(500)
  DB_POOL_SIZE: number = 10;

  @Transform(toBoolean)
  @IsBoolean(BOOLEAN)
  DB_LOG_QUERIES: boolean = false;

  /** Server engines: how long to wait for a new connection before the request is answered 503. */
  @Transform(toInteger)
  @IsInt()
  @Min(100)
  @Max(120_000)
  DB_CONNECT_TIMEOUT_MS: number = 5_000;

  /** Attempts in all for a read or a transaction that meets a transient fault (1: no retry). */
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(10)
  DB_RETRY_ATTEMPTS: number = 3;

  /** First backoff before a retry; each next one doubles, up to DB_RETRY_MAX_DELAY_MS, with full jitter. */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(60_000)
  DB_RETRY_BASE_DELAY_MS: number = 50;

  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(60_000)
  DB_RETRY_MAX_DELAY_MS: number = 1_000;

  @IsString()
  @IsNotEmpty()
  SQLITE_PATH: string = 'data/app.sqlite';

  /** How long a write waits for another process's lock before it is answered 503 (it blocks the event loop meanwhile). */
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  @Max(60_000)
  SQLITE_BUSY_TIMEOUT_MS: number = 10_000;

  @ValidateIf(needs('mssql'))
  @IsString()
  @IsNotEmpty()
  MSSQL_HOST?: string;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(65535)
  MSSQL_PORT: number = 1433;

  @ValidateIf(needs('mssql'))
  @IsString()
  @IsNotEmpty()
  MSSQL_USER?: string;

  @ValidateIf(needs('mssql'))
  @IsString()
  @IsNotEmpty()
  MSSQL_PASSWORD?: string;

  @ValidateIf(needs('mssql'))
  @IsString()
  @IsNotEmpty()
  MSSQL_DB?: string;

  @Transform(toBoolean)
  @IsBoolean(BOOLEAN)
  MSSQL_ENCRYPT: boolean = true;

  @Transform(toBoolean)
  @IsBoolean(BOOLEAN)
  MSSQL_TRUST_SERVER_CERTIFICATE: boolean = false;

  @ValidateIf(needs('postgres'))
  @IsString()
  @IsNotEmpty()
  POSTGRES_HOST?: string;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(65535)
  POSTGRES_PORT: number = 5432;

  @ValidateIf(needs('postgres'))
  @IsString()
  @IsNotEmpty()
  POSTGRES_USER?: string;

  @IsOptional()
  @IsString()
  POSTGRES_PASSWORD?: string;

  @ValidateIf(needs('postgres'))
  @IsString()
  @IsNotEmpty()
  POSTGRES_DB?: string;

  @Transform(toBoolean)
  @IsBoolean(BOOLEAN)
  POSTGRES_SSL: boolean = false;

  /** false behind PgBouncer in transaction mode without max_prepared_statements (named statements do not survive it). */
  @Transform(toBoolean)
  @IsBoolean(BOOLEAN)
  POSTGRES_PREPARED_STATEMENTS: boolean = true;

  @ValidateIf(needs('mariadb'))
  @IsString()
  @IsNotEmpty()
  MARIADB_HOST?: string;

  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(65535)
  MARIADB_PORT: number = 3306;

  @ValidateIf(needs('mariadb'))
  @IsString()
  @IsNotEmpty()
  MARIADB_USER?: string;

  @IsOptional()
  @IsString()
  MARIADB_PASSWORD?: string;

  @ValidateIf(needs('mariadb'))
  @IsString()
  @IsNotEmpty()
  MARIADB_DB?: string;
}
