import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseResource } from '../../src/scaffold/parse-resource';
import { readProjectIndex } from '../../src/scaffold/project-index';
import { renderResource } from '../../src/scaffold/render-resource';
import { commandSteps } from './guide-blocks';

/** The words of one shell command line, its `# comment` left off and '…' / "…" quotes taken away. */
function words(line: string): string[] {
  const command = line.replace(/\s+#.*$/, '');
  return [...command.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** The arguments after `npm run <script> --` on each command line of the guide's command blocks. */
function argumentsOf(markdown: string, script: string): string[][] {
  return commandSteps(markdown)
    .steps.flatMap((step) => step.script.split('\n'))
    .map(words)
    .filter((w) => w[0] === 'npm' && w[1] === 'run' && w[2] === script && w[3] === '--')
    .map((w) => w.slice(4));
}

/**
 * The files in `root` that following the guide made (relative, `/`-separated): the files its titled blocks
 * write, the migrations its `migration:generate -- NAME` lines write (`<timestamp>-NAME.ts`), and the files its
 * `make:resource` lines write (as make:resource names them). A fresh clone has none of them;
 * a checkout where a user followed the guide has them all, and replaying the guide on top would collide.
 */
export async function guideArtefacts(markdown: string, root: string): Promise<string[]> {
  const found = new Set<string>();
  for (const [, file] of markdown.matchAll(/^`{3,}\w*\s.*\btitle="([^"]+)"/gm)) found.add(file);

  const migrationsDir = path.join(root, 'src', 'migrations');
  const migrations = existsSync(migrationsDir) ? readdirSync(migrationsDir) : [];
  for (const args of argumentsOf(markdown, 'migration:generate')) {
    const name = args.find((arg) => !arg.startsWith('--'));
    for (const file of migrations.filter((f) => name && f.endsWith(`-${name}.ts`) && /^\d{13}-/.test(f))) {
      found.add(`src/migrations/${file}`);
    }
  }

  for (const args of argumentsOf(markdown, 'make:resource')) {
    // the files make:resource writes for these arguments, as it names them (its own parsing, without writing)
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { plural: { type: 'string' }, 'dry-run': { type: 'boolean' }, force: { type: 'boolean' } },
    });
    const [name, ...fields] = positionals;
    const spec = parseResource({ name, fields, plural: values.plural }, readProjectIndex(root));
    for (const file of renderResource(spec)) found.add(file.path);
  }
  return [...found].filter((file) => existsSync(path.join(root, file))).sort();
}
