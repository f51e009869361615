import { buildApp } from '../../src/app';
import { createAdminCli } from '../../src/cli/create-admin';
import type { DatabaseConfig } from '../../src/config/app-config';
import { migrate, testConfig } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-databases';

const PASSWORD = 'first-admin-passphrase';

/** `npm run user:create-admin`: the one way to the first admin, since only admins can give roles through the API. */
describe('npm run user:create-admin [sqlite]', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    await migrate(database.config);
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function run(argv: string[], env: NodeJS.ProcessEnv, config: DatabaseConfig = database.config, typed?: string) {
    const lines: string[] = [];
    const prompt = () => (typed === undefined ? Promise.reject(new Error('no terminal')) : Promise.resolve(typed));
    const code = await createAdminCli(argv, (line) => lines.push(line), prompt, env, testConfig(config));
    return { code, output: lines.join('\n') };
  }

  async function loginAndMe(email: string, password: string) {
    const app = await buildApp(testConfig(database.config));
    try {
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
      if (login.statusCode !== 200) return { login: login.statusCode };
      const me = await app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${login.json().accessToken}` } });
      const users = await app.inject({ url: '/api/v1/users', headers: { authorization: `Bearer ${login.json().accessToken}` } });
      return { login: login.statusCode, role: me.json().role, usersList: users.statusCode };
    } finally {
      await app.close();
    }
  }

  it('creates an admin with the password from ADMIN_PASSWORD, who can then manage users', async () => {
    const { code, output } = await run(['--email', 'Root@Example.com', '--name', 'Root'], { ADMIN_PASSWORD: PASSWORD });
    expect(code).toBe(0);
    expect(output).toMatch(/^✓ created admin root@example\.com \(user \d+\)$/);
    expect(output).not.toContain(PASSWORD);
    expect(await loginAndMe('root@example.com', PASSWORD)).toEqual({ login: 200, role: 'admin', usersList: 200 });
  });

  it('asks for the password when ADMIN_PASSWORD is not set', async () => {
    const { code } = await run(['--email', 'typed@example.com'], {}, database.config, 'entered-at-the-prompt');
    expect(code).toBe(0);
    expect(await loginAndMe('typed@example.com', 'entered-at-the-prompt')).toEqual({ login: 200, role: 'admin', usersList: 200 });
  });

  it('makes an existing user an admin, leaving the password alone', async () => {
    const app = await buildApp(testConfig(database.config));
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'later@example.com', fullName: 'Later', password: 'user-own-passphrase' },
    });
    await app.close();
    expect(await loginAndMe('later@example.com', 'user-own-passphrase')).toEqual({ login: 200, role: 'user', usersList: 403 });
    const { code, output } = await run(['--email', 'later@example.com'], { ADMIN_PASSWORD: 'ignored-passphrase' });
    expect(code).toBe(0);
    expect(output).toMatch(/later@example\.com \(user \d+\) is an admin; password unchanged/);
    expect(await loginAndMe('later@example.com', 'user-own-passphrase')).toEqual({ login: 200, role: 'admin', usersList: 200 });
  });

  it.each([
    [['--email', 'not-an-email'], '✗ --email "not-an-email": email must be a valid email'],
    [['--email', 'two@@example.com'], '✗ --email "two@@example.com": email must be a valid email'],
    [['--email', `${'a'.repeat(250)}@example.com`], 'email must be at most 255 characters'],
    [['--email', 'named@example.com', '--name', ''], '✗ --name "": fullName must not be empty'],
  ])('refuses what register refuses (%j), naming the flag, and creates nothing', async (argv, message) => {
    const { code, output } = await run(argv, { ADMIN_PASSWORD: PASSWORD });
    expect(output).toContain(message);
    expect(code).toBe(1);
    expect((await loginAndMe(argv[1], PASSWORD)).login).not.toBe(200);
  });

  it('says what register says for the same email', async () => {
    const app = await buildApp(testConfig(database.config));
    try {
      const register = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { email: 'not-an-email', fullName: 'X', password: PASSWORD },
      });
      expect(register.json().details).toEqual([{ field: 'email', reason: 'must be a valid email' }]);
    } finally {
      await app.close();
    }
  });

  it('refuses a weak password, naming the rule, and creates nothing', async () => {
    const { code, output } = await run(['--email', 'weak@example.com'], { ADMIN_PASSWORD: 'short' });
    expect(code).toBe(1);
    expect(output).toContain('password must be at least 12 characters');
    expect(await loginAndMe('weak@example.com', 'short')).toEqual({ login: 401 });
  });

  it('says --email is required without it (exit 2), and refuses a database with pending migrations', async () => {
    const usage = await run([], {});
    expect(usage).toMatchObject({ code: 2, output: '--email is required: npm run user:create-admin -- --email you@example.com' });
    const fresh = await createTestDatabase('sqlite');
    try {
      const { code, output } = await run(['--email', 'x@example.com'], { ADMIN_PASSWORD: PASSWORD }, fresh.config);
      expect(code).toBe(1);
      expect(output).toMatch(/pending migration\(s\): run npm run migration:run first/);
    } finally {
      await fresh.drop();
    }
  });
});
