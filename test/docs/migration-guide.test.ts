import { readFileSync } from 'node:fs';
import path from 'node:path';
import { copyProject, ProjectCopy } from '../support/project-copy';
import { commandsNeverRun, commandSteps, CommandStep, firstUnmatchedLine } from './guide-blocks';

/**
 * MIGRATION_GUIDE.md, run: its command blocks in order, in a throwaway copy of the project on SQLite (the
 * copy's .env.development), with the files its titled blocks show written first, each block's exit status and
 * output checked against the guide. How the guide marks its blocks is described in ./guide-blocks.ts.
 */
const GUIDE = 'MIGRATION_GUIDE.md';
const markdown = readFileSync(path.join(__dirname, '..', '..', GUIDE), 'utf8');
const { steps, notRun } = commandSteps(markdown);

/** Long enough for the jest run the guide shows; a migration command takes a few seconds. */
const STEP_TIMEOUT_MS = 120_000;

function title(step: CommandStep): string {
  const command = step.script.split('\n').find((line) => line.trim() && !line.trim().startsWith('#')) ?? step.script;
  const files = step.writes.length ? `, after writing ${step.writes.map((w) => w.file).join(', ')}` : '';
  return `${GUIDE}:${step.line} ${command.replace(/\s+#.*$/, '').trim()}${files}`;
}

function problemWith(step: CommandStep, code: number | null, output: string): string | undefined {
  if ((code !== 0) !== step.fails) return `exited with ${code}, but the guide shows it ${step.fails ? 'failing' : 'succeeding'}`;
  const missing = firstUnmatchedLine(step.expected, output);
  return missing === undefined ? undefined : `the output has no line matching "${missing}" (in the order the guide shows)`;
}

describe(GUIDE, () => {
  it('runs every npm command it mentions: each script and flag in its tables and prose is used by a block the test runs', () => {
    expect(commandsNeverRun(markdown)).toEqual([]);
  });

  describe('every command block, in order, in a copy of the project', () => {
    let project: ProjectCopy;
    /** The blocks depend on each other: after a failure, the later ones say which block to look at. */
    let failedAt: number | undefined;
    beforeAll(() => {
      project = copyProject();
    });
    afterAll(() => project?.remove());

    for (const step of steps) {
      it(
        title(step),
        async () => {
          if (failedAt !== undefined) throw new Error(`not run: the block at ${GUIDE}:${failedAt} failed first`);
          failedAt = step.line;
          for (const write of step.writes) project.write(write.file, write.content);
          const { code, output } = await project.run(step.script);
          const problem = problemWith(step, code, output);
          if (problem) throw new Error(`${GUIDE}:${step.line}: ${problem}\n--- the block\n${step.script}\n--- its output\n${output}`);
          failedAt = undefined;
        },
        STEP_TIMEOUT_MS,
      );
    }
  });

  // Listed as skipped, so a run shows what the guide deliberately leaves out.
  for (const block of notRun) {
    it.skip(`${GUIDE}:${block.line} not run: ${block.reason}`, () => undefined);
  }
});
