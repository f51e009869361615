import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min, ValidateIf } from 'class-validator';
import { ENVIRONMENTS, Environment } from './env-files';

export const DB_TYPES = ['sqlite', 'mssql', 'postgres', 'mariadb'] as const;
export type DbType = (typeof DB_TYPES)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const toBoolean = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const normalized = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(normalized)) return true;
  if (['false', '0', 'no'].includes(normalized)) return false;
  return value;
};

const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;

const needs = (type: DbType) => (vars: EnvironmentVariables) => vars.DB_TYPE === type;

/** Every variable the service reads, with its default. `.env.example` documents the same list. */
export class EnvironmentVariables {
  @IsIn(ENVIRONMENTS)
  NODE_ENV: Environment = 'development';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @IsString() @IsNotEmpty()
  API_HOST: string = '127.0.0.1';

  @Transform(toInteger) @IsInt() @Min(0) @Max(65535)
  API_PORT: number = 3100;

  @Transform(toInteger) @IsInt() @Min(1024)
  BODY_LIMIT_BYTES: number = 1_048_576;

  @Transform(toBoolean) @IsBoolean()
  DOCS_ENABLED: boolean = true;

  @IsIn(DB_TYPES)
  DB_TYPE: DbType = 'sqlite';

  @Transform(toInteger) @IsInt() @Min(1) @Max(500)
  DB_POOL_SIZE: number = 10;

  @Transform(toBoolean) @IsBoolean()
  DB_LOG_QUERIES: boolean = false;

  @IsString() @IsNotEmpty()
  SQLITE_PATH: string = 'data/app.sqlite';

  @ValidateIf(needs('mssql')) @IsString() @IsNotEmpty()
  MSSQL_HOST?: string;

  @Transform(toInteger) @IsInt() @Min(1) @Max(65535)
  MSSQL_PORT: number = 1433;

  @ValidateIf(needs('mssql')) @IsString() @IsNotEmpty()
  MSSQL_USER?: string;

  @ValidateIf(needs('mssql')) @IsString() @IsNotEmpty()
  MSSQL_PASSWORD?: string;

  @ValidateIf(needs('mssql')) @IsString() @IsNotEmpty()
  MSSQL_DB?: string;

  @Transform(toBoolean) @IsBoolean()
  MSSQL_ENCRYPT: boolean = true;

  @Transform(toBoolean) @IsBoolean()
  MSSQL_TRUST_SERVER_CERTIFICATE: boolean = false;

  @ValidateIf(needs('postgres')) @IsString() @IsNotEmpty()
  POSTGRES_HOST?: string;

  @Transform(toInteger) @IsInt() @Min(1) @Max(65535)
  POSTGRES_PORT: number = 5432;

  @ValidateIf(needs('postgres')) @IsString() @IsNotEmpty()
  POSTGRES_USER?: string;

  @IsOptional() @IsString()
  POSTGRES_PASSWORD?: string;

  @ValidateIf(needs('postgres')) @IsString() @IsNotEmpty()
  POSTGRES_DB?: string;

  @Transform(toBoolean) @IsBoolean()
  POSTGRES_SSL: boolean = false;

  @ValidateIf(needs('mariadb')) @IsString() @IsNotEmpty()
  MARIADB_HOST?: string;

  @Transform(toInteger) @IsInt() @Min(1) @Max(65535)
  MARIADB_PORT: number = 3306;

  @ValidateIf(needs('mariadb')) @IsString() @IsNotEmpty()
  MARIADB_USER?: string;

  @IsOptional() @IsString()
  MARIADB_PASSWORD?: string;

  @ValidateIf(needs('mariadb')) @IsString() @IsNotEmpty()
  MARIADB_DB?: string;
}
