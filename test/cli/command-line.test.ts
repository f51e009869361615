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

const COMMANDS: Array<[command: string, cli: Cli, extraArgument: string[] | undefined]> = [
  ...(['run', 'revert', 'status', 'history', 'sql'] as const).map((verb): [string, Cli, string[]] => [
    `migration:${verb}`,
    (argv, print) => migrateCli([verb, ...argv], print, NOWHERE),
    ['extra'],
  ]),
  ['migration:stamp', (argv, print) => migrateCli(['stamp', ...argv], print, NOWHERE), ['base', 'extra']],
  ['migration:generate', (argv, print) => generateCli(argv, print, NOWHERE), ['AddThing', 'extra']],
  ['seed', (argv, print) => seedCli(argv, print, NOWHERE), ['extra']],
  // make:resource takes any number of field tokens: no argument is extra
  ['make:resource', makeResourceCli, undefined],
];

async function call(cli: Cli, argv: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await cli(argv, (line) => lines.push(line));
  return { code, output: lines.join('\n') };
}

/** Every CLI of the project has the same manners (issue 18): one parser, one way to say what is wrong. */
describe.each(COMMANDS)('npm run %s', (command, cli, extraArgument) => {
  let help: string;
  beforeAll(async () => {
    const result = await call(cli, ['--help']);
    expect(result.code).toBe(0);
    help = result.output;
  });

  it('--help names the command and lists its options', () => {
    expect(help).toContain(`npm run ${command}`);
    expect(help).toMatch(/^ {2}--[a-z]/m);
  });

  it('an unknown option: exit 2, what is wrong, then the help (and nothing connects)', async () => {
    expect(await call(cli, ['--bogus'])).toEqual({ code: 2, output: `unknown option --bogus\n\n${help}` });
  });

  it('an option without its value, or a value given to a switch: exit 2', async () => {
    const takesValue = /^ {2}(--[a-z-]+) [A-Z]/m.exec(help)?.[1];
    if (takesValue) expect(await call(cli, [takesValue])).toEqual({ code: 2, output: `${takesValue} needs a value\n\n${help}` });
    const takesNone = /^ {2}(--[a-z-]+) {2,}/m.exec(help)?.[1];
    if (takesNone) expect(await call(cli, [`${takesNone}=yes`])).toEqual({ code: 2, output: `${takesNone} takes no value\n\n${help}` });
    expect(takesValue ?? takesNone).toBeDefined();
  });

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
