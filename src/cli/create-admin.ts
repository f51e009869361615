import 'reflect-metadata';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { AppConfig } from '../config/app-config';
import { loadConfig } from '../config/load-config';
import { DatabaseConnectionError } from '../database/connection-target';
import { createDataSource } from '../database/data-source';
import { pendingMigrationNames } from '../database/schema-status';
import { adminInputProblems } from './admin-input';
import { AppError } from '../errors/app-error';
import { RefreshTokensRepository } from '../repositories/refresh-tokens.repository';
import { UsersRepository } from '../repositories/users.repository';
import { OPERATOR } from '../services/actor';
import { UsersService } from '../services/users.service';

type Print = (line: string) => void;

export const CREATE_ADMIN_HELP = `npm run user:create-admin -- --email EMAIL [--name "FULL NAME"]
Creates an admin user, or makes the existing user with that email an admin (their password is left alone).
The password comes from the ADMIN_PASSWORD environment variable, or is asked for when run in a terminal; it
must pass the same strength rule as the API's (12+ characters, 5+ different ones, not the email).`;

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
  const { values } = parseArgs({
    args: argv,
    options: { email: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || !values.email) {
    print(CREATE_ADMIN_HELP);
    return values.help ? 0 : 1;
  }
  const fullName = values.name ?? 'Administrator';
  const problems = adminInputProblems({ email: values.email, fullName });
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
    const [existing] = (await users.list({ email: values.email, pageSize: 1 })).data;
    if (existing) {
      if (existing.role !== 'admin') await users.update(existing.id, { role: 'admin' }, OPERATOR);
      print(`✓ ${existing.email} (user ${existing.id}) is an admin; password unchanged`);
      return 0;
    }
    const password = env.ADMIN_PASSWORD || (await readPassword());
    const created = await users.create({ email: values.email, fullName, password, role: 'admin' }, OPERATOR);
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
  createAdminCli(process.argv.slice(2), (line) => console.log(line), promptPassword).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
