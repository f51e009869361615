import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** This checkout: the tree a copy is made of unless told otherwise. */
export const ROOT = path.join(__dirname, '..', '..');

/**
 * What a fresh clone holds that commands need. Not `.env`: that is the developer's own and would change
 * every setting. `test/` is there so a copy can run jest too.
 */
const PROJECT_FILES = [
  'src',
  'test',
  'package.json',
  'tsconfig.json',
  'ormconfig.ts',
  'jest.config.js',
  '.env.development',
  '.env.test',
  '.env.example',
  // lint and format settings, so what a copy generates is checked as `npm run lint` checks the project
  '.prettierrc.yaml',
  'eslint.config.mjs',
  'architecture.json',
  // npm run dev preloads scripts/dev-register.js
  'scripts',
  // the generated API types test/client compiles against
  'client',
];

/** Other test files' scratch folders (`tmp-*`) come and go while we copy: never part of the project. */
const isScratch = (source: string) => path.basename(source).startsWith('tmp-');

export interface CommandResult {
  code: number | null;
  /** stdout and stderr interleaved, as a terminal shows them. */
  output: string;
}

export interface ProjectCopy {
  dir: string;
  /** Writes a file (creating its folder) relative to the copy. */
  write(file: string, content: string): void;
  /** Runs a bash script in the copy, stopping at the first failing command, with only PATH and HOME inherited. */
  run(script: string): Promise<CommandResult>;
  remove(): void;
}

/**
 * A throwaway copy of the working tree, with node_modules linked, where commands run as a user types them
 * (`npm run ...`, `npx ...`) without touching the real project, its database or its migrations.
 */
export interface CopyOptions {
  /** The tree to copy (default: this checkout). */
  root?: string;
  /** Files to leave out, relative to the root with `/` separators. */
  without?: string[];
}

export function copyProject({ root = ROOT, without = [] }: CopyOptions = {}): ProjectCopy {
  const dir = mkdtempSync(path.join(tmpdir(), 'tsbp-project-'));
  const leftOut = new Set(without.map((file) => path.join(root, file)));
  for (const entry of PROJECT_FILES) {
    const filter = (source: string) => !isScratch(source) && !leftOut.has(source);
    cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true, filter });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  // Nothing from the test run leaks in (jest's NODE_ENV=test, TEST_*_URL, DB_*): the copy reads its own .env files.
  const env = {
    PATH: process.env.PATH,
    ...(process.env.HOME ? { HOME: process.env.HOME } : {}),
    npm_config_update_notifier: 'false',
    // npx must use the linked node_modules, never fetch a package
    npm_config_offline: 'true',
  };
  return {
    dir,
    write(file, content) {
      const target = path.join(dir, file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    },
    run(script) {
      return new Promise((resolve, reject) => {
        const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', `exec 2>&1\n${script}`], {
          cwd: dir,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        // stderr is already redirected into stdout by the script itself; this catches only bash's own complaints
        for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, output }));
      });
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
