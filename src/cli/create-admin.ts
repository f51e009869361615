import 'reflect-metadata';
import { createInterface } from 'node:readline';
import type { AppConfig } from '../config/app-config';
import { loadConfig } from '../config/load-config';
import { DatabaseConnectionError } from '../database/connection-target';
import { createDataSource } from '../database/data-source';
import { pendingMigrationNames } from '../database/schema-status';
import { adminInputProblems } from './admin-input';
import { CommandSpec, exitWith, runCommand } from './command-line';
import { UsageError } from '../scaffold/usage-error';
import { AppError } from '../errors/app-error';
import { RefreshTokensRepository } from '../repositories/refresh-tokens.repository';
import { UsersRepository } from '../repositories/users.repository';
import { OPERATOR } from '../services/actor';
import { UsersService } from '../services/users.service';

type Print = (line: string) => void;

export const CREATE_ADMIN_HELP = `npm run user:create-admin -- --email EMAIL [--name "FULL NAME"]
Creates an admin user, or makes the existing user with that email an admin (their password is left alone).
The password comes from the ADMIN_PASSWORD environment variable, or is asked for when run in a terminal; it
must pass the same strength rule as the API's (12+ characters, 5+ different ones, not the email).
  --email EMAIL        the admin's email (required)
  --name "FULL NAME"   their name (default Administrator)
  -h, --help           this text`;

const CREATE_ADMIN_COMMAND = {
  help: CREATE_ADMIN_HELP,
  options: { email: { type: 'string' }, name: { type: 'string' } },
} satisfies CommandSpec<Record<string, { type: 'string' }>>;

/** Asks on the terminal without echoing what is typed. */
export function promptPassword(): Promise<string> {
  if (!process.stdin.isTTY) return Promise.reject(new Error('no terminal to ask for the password: set ADMIN_PASSWORD'));
  const terminal = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const output = terminal as unknown as { _writeToOutput(text: string): void };
  return new Promise((resolve) => {
    terminal.question('password: ', (answer) => {
      terminal.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    output._writeToOutput = (text) => process.stdout.write(text.startsWith('password: ') ? 'password: ' : '');
  });
}

/** `npm run user:create-admin`: the first admin, which the API cannot make (only admins set roles). Exit code. */
export async function createAdminCli(
  argv: string[],
  print: Print,
  readPassword: () => Promise<string>,
  env: NodeJS.ProcessEnv = process.env,
  config: AppConfig = loadConfig(),
): Promise<number> {
  return runCommand(argv, CREATE_ADMIN_COMMAND, print, async ({ values }) => {
    if (!values.email) throw new UsageError('--email is required: npm run user:create-admin -- --email you@example.com');
    return createAdmin(values.email, values.name ?? 'Administrator', print, readPassword, env, config);
  });
}

async function createAdmin(
  email: string,
  fullName: string,
  print: Print,
  readPassword: () => Promise<string>,
  env: NodeJS.ProcessEnv,
  config: AppConfig,
): Promise<number> {
  const problems = adminInputProblems({ email, fullName });
  if (problems.length) {
    problems.forEach((problem) => print(`✗ ${problem}`));
    return 1;
  }
  const dataSource = createDataSource(config.database);
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new DatabaseConnectionError(config.database, error);
  }
  try {
    const pending = await pendingMigrationNames(dataSource);
    if (pending.length) {
      print(`✗ ${pending.length} pending migration(s): run npm run migration:run first`);
      return 1;
    }
    const users = new UsersService(new UsersRepository(dataSource), new RefreshTokensRepository(dataSource));
    const [existing] = (await users.list({ email: email, pageSize: 1 })).data;
    if (existing) {
      if (existing.role !== 'admin') await users.update(existing.id, { role: 'admin' }, OPERATOR);
      print(`✓ ${existing.email} (user ${existing.id}) is an admin; password unchanged`);
      return 0;
    }
    const password = env.ADMIN_PASSWORD || (await readPassword());
    const created = await users.create({ email: email, fullName, password, role: 'admin' }, OPERATOR);
    print(`✓ created admin ${created.email} (user ${created.id})`);
    return 0;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    print(`✗ ${error.message}`);
    return 1;
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  exitWith(
    createAdminCli(process.argv.slice(2), (line) => console.log(line), promptPassword),
    ['ConfigError', 'DatabaseConnectionError'],
  );
}
