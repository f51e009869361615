import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { AppConfig } from '../config/app-config';
import { envFileVariables, loadEnvFiles } from '../config/env-files';
import { DEVELOPMENT_JWT_SECRET } from '../config/environment-variables';
import { ConfigError, parseConfig } from '../config/load-config';
import { DatabaseConnectionError, describeTarget } from '../database/connection-target';
import { createDataSource } from '../database/data-source';
import { pendingMigrationNames } from '../database/schema-status';
import { exitWith, runCommand } from './command-line';
import { redisAddress } from '../shared-state/redis-address';

type Print = (line: string) => void;

/** Never the secret itself; but whether it is the built-in development one, which anyone can read in the source. */
const signingSecret = (config: AppConfig) =>
  config.auth.jwtSecret === DEVELOPMENT_JWT_SECRET
    ? 'signing secret: the built-in development one (anyone can mint tokens; set AUTH_JWT_SECRET)'
    : 'signing secret set (hidden)';

function settings(config: AppConfig): string[] {
  const db = config.database;
  const password = db.type === 'sqlite' ? [] : [`  password:    ${db.password ? 'set (hidden)' : 'not set'}`];
  const { rateLimit } = config.security;
  return [
    `  environment: ${config.env}`,
    `  api:         http://${config.api.host}:${config.api.port} (docs ${config.api.docsEnabled ? 'on' : 'off'})`,
    `  database:    ${describeTarget(db)}`,
    ...password,
    ...(db.type === 'postgres'
      ? [
          `  statements:  ${db.preparedStatements === false ? 'unnamed (POSTGRES_PREPARED_STATEMENTS=false)' : 'named, planned once per connection'}`,
        ]
      : []),
    `  auth:        registration ${config.auth.registration}, reads ${config.auth.publicReads ? 'public' : 'need a token'}, ` +
      `tokens ${config.auth.accessTokenTtl} s (access) / ${config.auth.refreshTokenTtl} s (refresh), ${signingSecret(config)}`,
    `  cors:        ${config.security.corsOrigins.length ? config.security.corsOrigins.join(', ') : 'no browser origin allowed'}`,
    `  rate limit:  ${rateLimit.max} requests per ${rateLimit.windowMs / 1000} s per client IP, ${rateLimit.authMax} on login, register and refresh`,
    `  counted in:  ${
      config.redis
        ? `Redis ${redisAddress(config.redis.url)} (keys ${config.redis.keyPrefix}*, fails ${config.redis.onFailure} while unreachable)`
        : 'this process (one instance; set REDIS_URL for several)'
    }`,
  ];
}

/**
 * `npm run config:check` (the original's validate_config.py): validates the settings, connects, and says
 * whether the service would start. Exit code 0 when it would, 1 when it would not. Never prints a secret.
 */
export async function configCheck(env: NodeJS.ProcessEnv, print: Print, cwd = process.cwd()): Promise<number> {
  const files = loadEnvFiles(cwd, env).filter((file) => existsSync(file));
  print(`settings from: environment${files.length ? `, ${files.join(', ')}` : ''}`);
  let config: AppConfig;
  try {
    config = parseConfig(env, envFileVariables(files));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    print(`✗ ${error.message}`);
    return 1;
  }
  const unknown = config.warnings ?? [];
  print(unknown.length ? '✓ settings are valid, but:' : '✓ settings are valid');
  // a misspelled setting is ignored and its default used: the service would start, but not as meant
  unknown.forEach((warning) => print(`✗ ${warning}`));
  settings(config).forEach(print);
  const code = await checkDatabase(config, print);
  return unknown.length ? 1 : code;
}

/** Connects and looks for pending migrations: 0 the service would start, 1 it would not. */
async function checkDatabase(config: AppConfig, print: Print): Promise<number> {
  const dataSource = createDataSource(config.database);
  try {
    await dataSource.initialize();
  } catch (error) {
    print(`✗ ${new DatabaseConnectionError(config.database, error).message}`);
    return 1;
  }
  try {
    print(`✓ connected to ${describeTarget(config.database)}`);
    const pending = await pendingMigrationNames(dataSource);
    if (pending.length === 0) {
      print('✓ schema is up to date');
      return 0;
    }
    if (config.database.type === 'sqlite') {
      print(`• ${pending.length} pending migration(s), applied automatically when the service starts: ${pending.join(', ')}`);
      return 0;
    }
    print(`✗ ${pending.length} pending migration(s): ${pending.join(', ')}. The service will not start; run npm run migration:run`);
    return 1;
  } finally {
    await dataSource.destroy();
  }
}

export const CONFIG_CHECK_HELP = `npm run config:check      (python validate_config.py)

Reads the settings as the service does (the environment, then the .env files for NODE_ENV), validates them,
connects to the database and checks for pending migrations. Prints what the settings resolve to, never a
password or the signing secret. Exit code: 0 the service would start, 1 it would not or a variable that looks
like a setting is not one (e.g. DB_TPYE: the reason and the nearest setting are printed), 2 a wrong argument.
  -h, --help    this text`;

/** The command line: `--help`, or no argument at all. */
export async function configCheckCli(argv: string[], env: NodeJS.ProcessEnv, print: Print, cwd = process.cwd()): Promise<number> {
  return runCommand(argv, { help: CONFIG_CHECK_HELP, options: {} }, print, () => configCheck(env, print, cwd));
}

if (require.main === module) {
  exitWith(
    configCheckCli(process.argv.slice(2), process.env, (line) => console.log(line)),
    ['ConfigError', 'DatabaseConnectionError'],
  );
}
