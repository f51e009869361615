import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { copyProject, ProjectCopy, ROOT } from '../support/project-copy';
import { enumCheckAfterDefault, tsqlSyntaxErrors } from '../support/tsql-syntax';
import { guideArtefacts } from './guide-artefacts';
import { commandsNeverRun, commandSteps, CommandStep, firstUnmatchedLine } from './guide-blocks';

/**
 * MIGRATION_GUIDE.md, run: its command blocks in order, in a throwaway copy of the project on SQLite (the
 * copy's .env.development, and without what following the guide made, should this checkout be one where a user
 * did: see ./guide-artefacts.ts), with the files its titled blocks show written first, each block's exit status and
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
    beforeAll(async () => {
      project = copyProject({ without: await guideArtefacts(markdown, ROOT) });
      // where the guide starts: the README's `npm start` has made data/app.sqlite and applied every migration
      // of the project to it on its first start (the same runner, as development's start-up does on SQLite)
      const started = await project.run('npm run -s migration:run');
      if (started.code !== 0) throw new Error(`the README's first start could not be reproduced:\n${started.output}`);
    }, STEP_TIMEOUT_MS);
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

  it(
    'in a checkout where the user followed the guide, the copy leaves out what the guide made and keeps the rest',
    async () => {
      const files = (dir: string) =>
        (readdirSync(dir, { recursive: true }) as string[])
          .map((file) => file.split(path.sep).join('/'))
          .filter((file) => !file.startsWith('node_modules') && statSync(path.join(dir, file)).isFile())
          .sort();
      const pristine = copyProject({ without: await guideArtefacts(markdown, ROOT) });
      const user = copyProject({ root: pristine.dir });
      let replay: ProjectCopy | undefined;
      try {
        // what the guide's steps leave behind, made as they make it: the entity, three generated migrations, a resource
        const made = ['src/entities/category.entity.ts'];
        for (const [timestamp, name] of [
          [1800000000001, 'AddCategory'],
          [1800000000002, 'AddSortOrderToCategories'],
          [1800000000003, 'AddTags'],
        ]) {
          made.push(`src/migrations/${timestamp}-${name}.ts`);
        }
        for (const file of made) user.write(file, '// made by following MIGRATION_GUIDE.md\n');
        const resource = await user.run('npm run -s make:resource -- Tag name:string:50:unique');
        expect(resource.code).toBe(0);
        made.push(
          ...resource.output
            .split('\n')
            .filter((line) => /^ {2}\S+\.ts$/.test(line))
            .map((line) => line.trim()),
        );
        // and one of the user's own, which stays
        user.write('src/migrations/1800000000004-AddUserNickname.ts', '// the user own migration\n');

        expect(await guideArtefacts(markdown, user.dir)).toEqual([...made].sort());
        replay = copyProject({ root: user.dir, without: await guideArtefacts(markdown, user.dir) });
        expect(files(replay.dir)).toEqual([...files(pristine.dir), 'src/migrations/1800000000004-AddUserNickname.ts'].sort());
      } finally {
        for (const copy of [pristine, user, replay]) copy?.remove();
      }
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'the documented line for the DBA writes only the script: no npm banner in the file, and it parses as T-SQL',
    async () => {
      const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
      /** `npm run migration:sql ... --out FILE` as each document spells it (an env prefix and the comment left off). */
      const documented = (text: string) =>
        [...text.matchAll(/^(?:[A-Z_]+=\S+ )*(npm run migration:sql -- .*?--out (\S+))\s*(?:#.*)?$/gm)].map(([, line, file]) => ({
          line,
          file,
        }));
      const lines = [...documented(markdown), ...documented(readme)];
      expect(lines.length).toBeGreaterThanOrEqual(3); // the guide's run block, its production block, the README
      expect(new Set(lines.map((l) => l.line))).toEqual(new Set([lines[0].line]));
      const project = copyProject();
      try {
        const { code, output } = await project.run(lines[0].line);
        expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining(`> ts-backend-boilerplate@`) });
        const script = readFileSync(path.join(project.dir, lines[0].file), 'utf8');
        expect(script).not.toMatch(/^> /m);
        expect(script.split('\n')[0]).toBe('-- Migration script for mssql, rendered offline by npm run migration:sql');
        const batches = script
          .split(/^GO$/m)
          .map((batch) => batch.trim())
          .filter(Boolean);
        expect(batches.flatMap((batch) => tsqlSyntaxErrors(enumCheckAfterDefault(batch)))).toEqual([]);
      } finally {
        project.remove();
      }
    },
    STEP_TIMEOUT_MS,
  );

  // Listed as skipped, so a run shows what the guide deliberately leaves out.
  for (const block of notRun) {
    it.skip(`${GUIDE}:${block.line} not run: ${block.reason}`, () => undefined);
  }
});
