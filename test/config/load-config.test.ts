import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEnvFiles } from '../../src/config/env-files';
import { DEVELOPMENT_JWT_SECRET } from '../../src/config/environment-variables';
import { ConfigError, parseConfig } from '../../src/config/load-config';

/** The ConfigError parseConfig throws for `raw` (fails the test if it does not throw one). */
function configError(raw: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(raw)}`);
}

const MSSQL = { DB_TYPE: 'mssql', MSSQL_HOST: 'sql.internal', MSSQL_USER: 'app', MSSQL_PASSWORD: 'S3cr3t-Pa55word!', MSSQL_DB: 'shop' };
const POSTGRES = { DB_TYPE: 'postgres', POSTGRES_HOST: 'pg.internal', POSTGRES_USER: 'app', POSTGRES_DB: 'shop' };
const MARIADB = { DB_TYPE: 'mariadb', MARIADB_HOST: 'maria.internal', MARIADB_USER: 'app', MARIADB_DB: 'shop' };
const BOOLEAN_RULE = 'must be true or false (1/0, yes/no and on/off are accepted too, in any case)';
/** What `openssl rand -base64 48` gives. */
const SECRET = 'k3J9vQ2mX8pL5nR7tY1wZ4cF6hB0dG3jS9uE2aV5xN8qM1oP7iK4lT6rW0yH2zC';

describe('security settings', () => {
  test('production refuses the development signing secret, naming the variable and the fix, never the value', () => {
    const { problems } = configError({ NODE_ENV: 'production' });
    expect(problems).toEqual([
      'AUTH_JWT_SECRET is the development default; production needs a random secret of its own (e.g. openssl rand -base64 48)',
    ]);
    expect(problems.join()).not.toContain(DEVELOPMENT_JWT_SECRET);
    expect(parseConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET }).auth.jwtSecret).toBe(SECRET);
  });

  test.each(['development', 'production'])('a secret under 32 characters is refused (%s), its value hidden', (env) => {
    const short = 'x'.repeat(31);
    const { problems } = configError({ NODE_ENV: env, AUTH_JWT_SECRET: short });
    expect(problems).toEqual(['AUTH_JWT_SECRET must be at least 32 characters (e.g. openssl rand -base64 48) (given value hidden)']);
  });

  test('the API docs are off by default in production, on elsewhere, and DOCS_ENABLED decides when set', () => {
    expect(parseConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET }).api.docsEnabled).toBe(false);
    expect(parseConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET, DOCS_ENABLED: 'true' }).api.docsEnabled).toBe(true);
    expect(parseConfig({ NODE_ENV: 'test' }).api.docsEnabled).toBe(true);
    expect(parseConfig({ DOCS_ENABLED: 'false' }).api.docsEnabled).toBe(false);
  });

  test.each(['*', 'https://app.example.com/', 'app.example.com', 'https://app.example.com/path', 'ftp://x.example.com'])(
    'CORS_ORIGINS %j is refused: exact origins only, never a wildcard',
    (origins) => {
      expect(configError({ CORS_ORIGINS: origins }).problems).toEqual([
        `CORS_ORIGINS must be a comma list of origins such as https://app.example.com (scheme://host[:port], no path, no *) (got "${origins}")`,
      ]);
    },
  );

  test('AUTH_REGISTRATION is open or admin', () => {
    expect(configError({ AUTH_REGISTRATION: 'closed' }).problems).toEqual([
      'AUTH_REGISTRATION must be one of the following values: open, admin (got "closed")',
    ]);
  });
});

describe('Redis settings (several instances)', () => {
  test('REDIS_URL turns on the shared store with its defaults; the other variables tune it', () => {
    expect(parseConfig({ REDIS_URL: 'redis://cache.internal:6379/2' }).redis).toEqual({
      url: 'redis://cache.internal:6379/2',
      keyPrefix: 'ts-backend:',
      timeoutMs: 500,
      onFailure: 'open',
    });
    const tuned = {
      REDIS_URL: 'rediss://cache.internal',
      REDIS_KEY_PREFIX: 'shop:',
      REDIS_TIMEOUT_MS: '250',
      RATE_LIMIT_REDIS_FAILURE: 'closed',
    };
    expect(parseConfig(tuned).redis).toEqual({ url: 'rediss://cache.internal', keyPrefix: 'shop:', timeoutMs: 250, onFailure: 'closed' });
  });

  test('bad values are named with the fix, and a URL (which may carry a password) is never echoed', () => {
    const { problems } = configError({
      REDIS_URL: 'http://:hunter2@cache.internal',
      REDIS_KEY_PREFIX: 'has space',
      REDIS_TIMEOUT_MS: '5',
      RATE_LIMIT_REDIS_FAILURE: 'maybe',
    });
    expect(problems).toEqual([
      'REDIS_URL must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379/0 (given value hidden)',
      'REDIS_KEY_PREFIX must be 1 to 64 letters, digits or : _ . - (e.g. myapi:) (got "has space")',
      'REDIS_TIMEOUT_MS must not be less than 50 (got "5")',
      'RATE_LIMIT_REDIS_FAILURE must be one of the following values: open, closed (got "maybe")',
    ]);
  });
});

describe('metrics settings', () => {
  test('on by default except in production; production needs METRICS_TOKEN to turn them on, never echoed', () => {
    expect(parseConfig({}).metrics).toEqual({});
    expect(parseConfig({ METRICS_ENABLED: 'false' }).metrics).toBeUndefined();
    expect(parseConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET }).metrics).toBeUndefined();
    const token = 'a-metrics-token-of-24-chars';
    expect(configError({ NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET, METRICS_ENABLED: 'true' }).problems).toEqual([
      'METRICS_ENABLED=true in production needs METRICS_TOKEN, the bearer token Prometheus sends (e.g. openssl rand -hex 24)',
    ]);
    expect(parseConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET, METRICS_ENABLED: 'true', METRICS_TOKEN: token }).metrics).toEqual(
      {
        token,
      },
    );
    expect(configError({ METRICS_TOKEN: 'short-secret' }).problems).toEqual([
      'METRICS_TOKEN must be at least 16 characters (e.g. openssl rand -hex 24) (given value hidden)',
    ]);
  });
});

describe('parseConfig', () => {
  test('an empty environment gives the documented defaults: SQLite, port 3100', () => {
    expect(parseConfig({})).toEqual({
      env: 'development',
      logLevel: 'info',
      api: {
        host: '127.0.0.1',
        port: 3100,
        bodyLimit: 1_048_576,
        docsEnabled: true,
        requestTimeout: 30_000,
        connectionTimeout: 60_000,
        trustProxy: false,
      },
      auth: {
        jwtSecret: DEVELOPMENT_JWT_SECRET,
        accessTokenTtl: 900,
        refreshTokenTtl: 1_209_600,
        registration: 'open',
        publicReads: true,
        roleCacheSeconds: 5,
      },
      security: { corsOrigins: [], rateLimit: { max: 300, authMax: 10, windowMs: 60_000 } },
      metrics: {},
      database: {
        type: 'sqlite',
        path: 'data/app.sqlite',
        logQueries: false,
        busyTimeout: 10_000,
        retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 1000 },
      },
    });
  });

  test('empty strings count as not set, and unrelated variables are ignored', () => {
    expect(parseConfig({ API_PORT: '', DB_TYPE: '', PATH: '/usr/bin', HOME: '/root', npm_config_cache: 'x' })).toEqual(parseConfig({}));
  });

  test('reads every setting it is given', () => {
    expect(
      parseConfig({
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        API_HOST: '0.0.0.0',
        API_PORT: '8080',
        BODY_LIMIT_BYTES: '2048',
        DOCS_ENABLED: 'false',
        DB_LOG_QUERIES: 'true',
        SQLITE_PATH: '/var/lib/app/db.sqlite',
        SQLITE_BUSY_TIMEOUT_MS: '250',
        DB_RETRY_ATTEMPTS: '5',
        DB_RETRY_BASE_DELAY_MS: '20',
        DB_RETRY_MAX_DELAY_MS: '400',
        REQUEST_TIMEOUT_MS: '5000',
        CONNECTION_TIMEOUT_MS: '10000',
        TRUST_PROXY: 'true',
        AUTH_JWT_SECRET: SECRET,
        AUTH_ACCESS_TOKEN_TTL: '300',
        AUTH_REFRESH_TOKEN_TTL: '86400',
        AUTH_REGISTRATION: 'admin',
        AUTH_PUBLIC_READS: 'false',
        AUTH_ROLE_CACHE_SECONDS: '0',
        CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
        RATE_LIMIT_MAX: '1000',
        RATE_LIMIT_AUTH_MAX: '5',
        RATE_LIMIT_WINDOW_SECONDS: '300',
      }),
    ).toEqual({
      env: 'production',
      logLevel: 'warn',
      api: {
        host: '0.0.0.0',
        port: 8080,
        bodyLimit: 2048,
        docsEnabled: false,
        requestTimeout: 5000,
        connectionTimeout: 10_000,
        trustProxy: true,
      },
      auth: {
        jwtSecret: SECRET,
        accessTokenTtl: 300,
        refreshTokenTtl: 86_400,
        registration: 'admin',
        publicReads: false,
        roleCacheSeconds: 0,
      },
      security: {
        corsOrigins: ['https://app.example.com', 'http://localhost:5173'],
        rateLimit: { max: 1000, authMax: 5, windowMs: 300_000 },
      },
      database: {
        type: 'sqlite',
        path: '/var/lib/app/db.sqlite',
        logQueries: true,
        busyTimeout: 250,
        retry: { attempts: 5, baseDelayMs: 20, maxDelayMs: 400 },
      },
    });
  });

  describe('server engines', () => {
    test.each([
      [
        'mssql',
        [
          'MSSQL_HOST is required when DB_TYPE=mssql (not set)',
          'MSSQL_USER is required when DB_TYPE=mssql (not set)',
          'MSSQL_PASSWORD is required when DB_TYPE=mssql (not set)',
          'MSSQL_DB is required when DB_TYPE=mssql (not set)',
        ],
      ],
      [
        'postgres',
        [
          'POSTGRES_HOST is required when DB_TYPE=postgres (not set)',
          'POSTGRES_USER is required when DB_TYPE=postgres (not set)',
          'POSTGRES_DB is required when DB_TYPE=postgres (not set)',
        ],
      ],
      [
        'mariadb',
        [
          'MARIADB_HOST is required when DB_TYPE=mariadb (not set)',
          'MARIADB_USER is required when DB_TYPE=mariadb (not set)',
          'MARIADB_DB is required when DB_TYPE=mariadb (not set)',
        ],
      ],
    ])('DB_TYPE=%s alone lists each missing variable', (type, problems) => {
      const error = configError({ DB_TYPE: type });
      expect(error.problems).toEqual(problems);
      expect(error.message).toBe(
        `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
          'Set these in the environment or in .env (every variable is listed in .env.example).',
      );
    });

    test('a variable set to the empty string is still missing', () => {
      expect(configError({ ...MSSQL, MSSQL_HOST: '' }).problems).toEqual(['MSSQL_HOST is required when DB_TYPE=mssql (not set)']);
    });

    test('another engine’s variables are not required', () => {
      expect(() => parseConfig({ ...POSTGRES })).not.toThrow();
      expect(() => parseConfig({})).not.toThrow();
    });

    test('mssql: encrypted by default, certificate checked by default', () => {
      expect(parseConfig(MSSQL).database).toEqual({
        type: 'mssql',
        host: 'sql.internal',
        port: 1433,
        username: 'app',
        password: 'S3cr3t-Pa55word!',
        database: 'shop',
        poolSize: 10,
        logQueries: false,
        connectTimeout: 5000,
        retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 1000 },
        ssl: true,
        trustServerCertificate: false,
      });
      expect(
        parseConfig({ ...MSSQL, MSSQL_PORT: '14330', MSSQL_ENCRYPT: 'no', MSSQL_TRUST_SERVER_CERTIFICATE: 'yes', DB_POOL_SIZE: '3' })
          .database,
      ).toMatchObject({ port: 14330, ssl: false, trustServerCertificate: true, poolSize: 3 });
    });

    test('postgres: the password is optional, TLS off and prepared statements on by default', () => {
      expect(parseConfig(POSTGRES).database).toEqual({
        type: 'postgres',
        host: 'pg.internal',
        port: 5432,
        username: 'app',
        password: undefined,
        database: 'shop',
        poolSize: 10,
        logQueries: false,
        connectTimeout: 5000,
        retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 1000 },
        ssl: false,
        trustServerCertificate: false,
        preparedStatements: true,
      });
      expect(
        parseConfig({ ...POSTGRES, POSTGRES_PASSWORD: 'pw', POSTGRES_SSL: '1', POSTGRES_PREPARED_STATEMENTS: 'false' }).database,
      ).toMatchObject({
        password: 'pw',
        ssl: true,
        preparedStatements: false,
      });
    });

    test('mariadb: the password is optional, port 3306', () => {
      expect(parseConfig({ ...MARIADB, MARIADB_PORT: '3307' }).database).toEqual({
        type: 'mariadb',
        host: 'maria.internal',
        port: 3307,
        username: 'app',
        password: undefined,
        database: 'shop',
        poolSize: 10,
        logQueries: false,
        connectTimeout: 5000,
        retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 1000 },
        ssl: false,
        trustServerCertificate: false,
      });
    });

    test('an unknown DB_TYPE is named with the allowed ones', () => {
      expect(configError({ DB_TYPE: 'oracle' }).problems).toEqual([
        'DB_TYPE must be one of the following values: sqlite, mssql, postgres, mariadb (got "oracle")',
      ]);
    });
  });

  describe('booleans', () => {
    test.each([
      ['true', true],
      ['false', false],
      ['1', true],
      ['0', false],
      ['yes', true],
      ['no', false],
      ['TRUE', true],
      [' No ', false],
      ['on', true],
      ['OFF', false],
    ])('%j is %s', (value, expected) => {
      const config = parseConfig({ DOCS_ENABLED: value, DB_LOG_QUERIES: value });
      expect(config.api.docsEnabled).toBe(expected);
      expect(config.database.logQueries).toBe(expected);
    });

    test.each(['maybe', 'enabled', 'y', '2'])('%j is refused, naming the variable, the value and the spellings that pass', (value) => {
      expect(configError({ DOCS_ENABLED: value }).problems).toEqual([`DOCS_ENABLED ${BOOLEAN_RULE} (got "${value}")`]);
    });
  });

  describe('integers', () => {
    test.each([
      ['8080', 8080],
      [' 8080 ', 8080],
      ['0', 0],
      ['65535', 65535],
    ])('API_PORT %j is %d', (value, expected) => {
      expect(parseConfig({ API_PORT: value }).api.port).toBe(expected);
    });

    test.each(['12x', '8080.5', '0x50', '1e3', 'eighty'])('API_PORT %j is refused as not an integer', (value) => {
      // only what is wrong: the range rules fail on a string too, but would only bury it
      expect(configError({ API_PORT: value }).problems).toEqual([`API_PORT must be an integer number (got "${value}")`]);
    });

    test('out-of-range integers name the bound', () => {
      expect(configError({ API_PORT: '65536' }).problems).toEqual(['API_PORT must not be greater than 65535 (got "65536")']);
      expect(configError({ DB_POOL_SIZE: '0' }).problems).toEqual(['DB_POOL_SIZE must not be less than 1 (got "0")']);
      expect(configError({ BODY_LIMIT_BYTES: '1023' }).problems).toEqual(['BODY_LIMIT_BYTES must not be less than 1024 (got "1023")']);
    });
  });

  test('every problem is reported at once', () => {
    expect(configError({ NODE_ENV: 'staging', LOG_LEVEL: 'verbose', DOCS_ENABLED: 'maybe' }).problems).toEqual([
      'NODE_ENV must be one of the following values: development, test, production (got "staging")',
      'LOG_LEVEL must be one of the following values: fatal, error, warn, info, debug, trace, silent (got "verbose")',
      `DOCS_ENABLED ${BOOLEAN_RULE} (got "maybe")`,
    ]);
  });

  test('a password never appears in the error, whatever else is wrong', () => {
    const password = MSSQL.MSSQL_PASSWORD;
    const error = configError({ ...MSSQL, MSSQL_PORT: 'not-a-port', MSSQL_ENCRYPT: 'perhaps', MSSQL_DB: '' });
    expect(error.problems).toEqual([
      expect.stringMatching(/^MSSQL_PORT .* \(got "not-a-port"\)$/),
      'MSSQL_DB is required when DB_TYPE=mssql (not set)',
      `MSSQL_ENCRYPT ${BOOLEAN_RULE} (got "perhaps")`,
    ]);
    expect(error.message).not.toContain(password);
    expect(JSON.stringify(error.problems)).not.toContain(password);
    expect(String(error)).not.toContain(password);
    expect(error.stack).not.toContain(password);
  });
});

describe('loadEnvFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'tsbp-env-'));
    writeFileSync(path.join(dir, '.env'), 'FROM_BOTH=dotenv\nFROM_ALL=dotenv\nONLY_DOTENV=dotenv\n');
    writeFileSync(path.join(dir, '.env.test'), 'FROM_BOTH=env-test\nFROM_ALL=env-test\nONLY_ENV_TEST=env-test\n');
    writeFileSync(path.join(dir, '.env.development'), 'ONLY_DEVELOPMENT=development\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('the real environment beats .env, and .env beats .env.<NODE_ENV>', () => {
    const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', FROM_ALL: 'real' };
    const files = loadEnvFiles(dir, env);
    expect(files).toEqual([path.join(dir, '.env'), path.join(dir, '.env.test')]);
    expect(env).toEqual({
      NODE_ENV: 'test',
      FROM_ALL: 'real',
      FROM_BOTH: 'dotenv',
      ONLY_DOTENV: 'dotenv',
      ONLY_ENV_TEST: 'env-test',
    });
  });

  test('without NODE_ENV the development file is the second one', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadEnvFiles(dir, env)).toEqual([path.join(dir, '.env'), path.join(dir, '.env.development')]);
    expect(env).toEqual({ FROM_BOTH: 'dotenv', FROM_ALL: 'dotenv', ONLY_DOTENV: 'dotenv', ONLY_DEVELOPMENT: 'development' });
  });

  test('writes only to the env object it is given', () => {
    expect(process.env.ONLY_DOTENV).toBeUndefined();
    loadEnvFiles(dir, { NODE_ENV: 'test' });
    expect(process.env.ONLY_DOTENV).toBeUndefined();
    expect(process.env.ONLY_ENV_TEST).toBeUndefined();
  });

  test('missing files are not an error', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'tsbp-env-empty-'));
    try {
      const env: NodeJS.ProcessEnv = { NODE_ENV: 'production', KEEP: '1' };
      expect(loadEnvFiles(empty, env)).toEqual([path.join(empty, '.env'), path.join(empty, '.env.production')]);
      expect(env).toEqual({ NODE_ENV: 'production', KEEP: '1' });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test('what the files set feeds parseConfig', () => {
    writeFileSync(path.join(dir, '.env'), 'API_PORT=4000\nDB_TYPE=postgres\nPOSTGRES_HOST=db\n');
    writeFileSync(path.join(dir, '.env.test'), 'API_PORT=5000\nPOSTGRES_USER=tester\nPOSTGRES_DB=app_test\n');
    const env: NodeJS.ProcessEnv = { NODE_ENV: 'test' };
    loadEnvFiles(dir, env);
    const config = parseConfig(env);
    expect(config.api.port).toBe(4000);
    expect(config.database).toMatchObject({ type: 'postgres', host: 'db', username: 'tester', database: 'app_test' });
  });
});
