import { configCheckCli } from '../../src/cli/config-check';
import { createAdminCli } from '../../src/cli/create-admin';
import { generateCli } from '../../src/cli/generate-migration';
import { makeResourceCli } from '../../src/cli/make-resource';
import { migrateCli } from '../../src/cli/migrate';
import { seedCli } from '../../src/cli/seed';
import { testConfig } from '../support/test-app';

/** A config pointing at a database that cannot exist: a usage error must be answered before anything connects. */
const NOWHERE = testConfig({
  type: 'postgres',
  host: 'unreachable.invalid',
  port: 1,
  username: 'x',
  database: 'x',
  poolSize: 1,
  ssl: false,
  trustServerCertificate: false,
  logQueries: false,
});

type Cli = (argv: string[], print: (line: string) => void) => Promise<number>;

interface Command {
  command: string;
  cli: Cli;
  /** Arguments with one too many (the last, "extra"); none where any number is taken. */
  extraArgument?: string[];
  /** An option that takes a value, and a switch, where the command has them. */
  valueOption?: string;
  switchOption?: string;
}

const migration =
  (verb: string): Cli =>
  (argv, print) =>
    migrateCli([verb, ...argv], print, NOWHERE);

const COMMANDS: Command[] = [
  { command: 'migration:run', cli: migration('run'), extraArgument: ['extra'], valueOption: '--to', switchOption: '--allow-edited' },
  { command: 'migration:revert', cli: migration('revert'), extraArgument: ['extra'], valueOption: '--steps', switchOption: '--yes' },
  { command: 'migration:status', cli: migration('status'), extraArgument: ['extra'], valueOption: '--dir', switchOption: '--check' },
  { command: 'migration:history', cli: migration('history'), extraArgument: ['extra'], valueOption: '--dir' },
  {
    command: 'migration:stamp',
    cli: migration('stamp'),
    extraArgument: ['base', 'extra'],
    valueOption: '--lock-timeout',
    switchOption: '--checksums',
  },
  { command: 'migration:sql', cli: migration('sql'), extraArgument: ['extra'], valueOption: '--dialect', switchOption: '--down' },
  {
    command: 'migration:generate',
    cli: (argv, print) => generateCli(argv, print, NOWHERE),
    extraArgument: ['AddThing', 'extra'],
    valueOption: '--rename',
    switchOption: '--dry-run',
  },
  { command: 'seed', cli: (argv, print) => seedCli(argv, print, NOWHERE), extraArgument: ['extra'], switchOption: '--force' },
  { command: 'config:check', cli: (argv, print) => configCheckCli(argv, {}, print), extraArgument: ['extra'] },
  {
    command: 'user:create-admin',
    cli: (argv, print) => createAdminCli(argv, print, () => Promise.reject(new Error('no password here')), {}, NOWHERE),
    extraArgument: ['extra'],
    valueOption: '--email',
  },
  // make:resource takes any number of field tokens: no argument is extra
  { command: 'make:resource', cli: makeResourceCli, valueOption: '--plural', switchOption: '--force' },
];

async function call(cli: Cli, argv: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await cli(argv, (line) => lines.push(line));
  return { code, output: lines.join('\n') };
}

/** Every CLI of the project has the same manners (issue 18): one parser, one way to say what is wrong. */
describe.each(COMMANDS)('npm run $command', ({ command, cli, extraArgument, valueOption, switchOption }) => {
  let help: string;
  beforeAll(async () => {
    const result = await call(cli, ['--help']);
    expect(result.code).toBe(0);
    help = result.output;
  });

  it('--help names the command and the options it takes', () => {
    expect(help).toContain(`npm run ${command}`);
    expect(help).toContain('-h, --help');
    for (const option of [valueOption, switchOption]) if (option) expect(help).toMatch(new RegExp(`^ +(?:.*, )?${option}\\b`, 'm'));
  });

  it('an unknown option: exit 2, what is wrong, then the help (and nothing connects)', async () => {
    expect(await call(cli, ['--bogus'])).toEqual({ code: 2, output: `unknown option --bogus\n\n${help}` });
  });

  if (valueOption) {
    it(`${valueOption} without its value: exit 2`, async () => {
      expect(await call(cli, [valueOption])).toEqual({ code: 2, output: `${valueOption} needs a value\n\n${help}` });
    });
  }

  if (switchOption) {
    it(`${switchOption} given a value: exit 2`, async () => {
      expect(await call(cli, [`${switchOption}=yes`])).toEqual({ code: 2, output: `${switchOption} takes no value\n\n${help}` });
    });
  }

  if (extraArgument) {
    it('an argument too many: exit 2 naming it', async () => {
      expect(await call(cli, extraArgument)).toEqual({ code: 2, output: `unexpected argument "extra"\n\n${help}` });
    });
  }
});

describe('npm run migration:<command>', () => {
  it('an unknown command: exit 2 with the list of commands', async () => {
    const result = await call((argv, print) => migrateCli(argv, print, NOWHERE), ['upgrade']);
    expect(result.code).toBe(2);
    expect(result.output).toMatch(/^unknown command "upgrade"\nUsage: npm run migration:<command>/);
  });

  it('a value of the wrong kind: exit 2 with one line', async () => {
    const result = await call((argv, print) => migrateCli(argv, print, NOWHERE), ['run', '--steps', 'two']);
    expect(result).toEqual({ code: 2, output: '--steps takes a whole number, not "two"' });
  });
});
