import { parseArgs, ParseArgsConfig } from 'node:util';
import { UsageError } from '../scaffold/usage-error';

type Print = (line: string) => void;
type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

/** One command of a CLI: its help text and exactly the options and arguments it takes. */
export interface CommandSpec<O extends Options> {
  /** Printed by --help and after a usage error: the usage line and every option this command takes, no other. */
  help: string;
  options: O;
  /** How many arguments it takes besides its options (default none), and what to call a missing one. */
  positionals?: { max: number; min?: number; missing?: string };
}

/** Node's parseArgs messages, said the way every command of this project says them. */
function usageMessage(error: Error & { code?: string }): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(error.message) ? `${option} needs a value` : `${option} takes no value`;
    default:
      return error.message;
  }
}

function parse<O extends Options>(argv: string[], spec: CommandSpec<O>): Parsed<O> {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args: argv, options: spec.options, allowPositionals: true, strict: true });
  } catch (error) {
    if (!(error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw error;
    throw new UsageError(usageMessage(error as Error));
  }
  const { max, min = 0, missing = 'an argument' } = spec.positionals ?? { max: 0 };
  if (parsed.positionals.length > max) throw new UsageError(`unexpected argument "${parsed.positionals[max]}"`);
  if (parsed.positionals.length < min) throw new UsageError(`missing ${missing}`);
  return parsed;
}

/**
 * Runs a command the same way for every CLI of the project: `--help` (or `-h`) prints its help and exits 0; an
 * unknown option, a missing value or an extra argument prints what is wrong and the help, and exits 2, before
 * anything is read or written; a UsageError thrown by `run` (a value of the wrong kind, a bad field) prints its
 * one line and exits 2 too.
 */
export async function runCommand<O extends Options>(
  argv: string[],
  spec: CommandSpec<O>,
  print: Print,
  run: (parsed: Parsed<O>) => Promise<number>,
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    print(spec.help);
    return 0;
  }
  let parsed: Parsed<O>;
  try {
    parsed = parse(argv, spec);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    print(`${error.message}\n\n${spec.help}`);
    return 2;
  }
  try {
    return await run(parsed);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    print(error.message);
    return 2;
  }
}

/**
 * The end of every CLI file: exit with the command's code; a known failure prints its own actionable message, an
 * unexpected one its stack (for a bug report). Both exit 1.
 */
export function exitWith(command: Promise<number>, knownErrors: string[]): void {
  command.then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(knownErrors.includes(error.name) ? `\n${error.message}\n` : error.stack);
      process.exit(1);
    },
  );
}
