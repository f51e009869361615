/**
 * Reads a markdown guide as a script for the doc test. How the guide marks its fenced blocks:
 *
 *   ```bash                   commands, run in order in a copy of the project; the block must exit 0
 *   ```bash  with a line `# fails...`   the block must exit non-zero (it stops at its first failing command)
 *   ```bash not-run="reason"  shown, deliberately not run (it needs a server); the reason is required
 *   ```<lang> title="path"    the whole new content of a file, written to the copy before the next command block
 *   ```text output            what the command block just before it prints; every command block has one, so
 *                             every outcome is checked. Each non-blank line must match a line of the real output
 *                             (stdout and stderr together), in the same order. Runs of whitespace compare as one
 *                             space, `...` stands for any text within the line and `<timestamp>` for a
 *                             migration's 13-digit timestamp.
 *
 * Other blocks (a ```ts without a title, ```json) are illustrations. ```sh, ```shell, ```console and ```zsh are
 * refused, so that no command can slip past the test under another name.
 */

export interface FileWrite {
  line: number;
  file: string;
  content: string;
}

export interface CommandStep {
  /** Line of the opening fence in the guide, for messages. */
  line: number;
  script: string;
  fails: boolean;
  expected: string[];
  /** Files to write before running the script: the file blocks since the previous command. */
  writes: FileWrite[];
}

export interface NotRunBlock {
  line: number;
  reason: string;
  script: string;
}

interface Fence {
  line: number;
  lang: string;
  attributes: Map<string, string | true>;
  body: string;
}

const REFUSED_SHELLS = ['sh', 'shell', 'console', 'zsh'];

function fences(markdown: string): Fence[] {
  const lines = markdown.split('\n');
  const found: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,}|~{3,})(.*)$/.exec(lines[i]);
    if (!open) continue;
    const close = lines.findIndex((line, j) => j > i && new RegExp(`^${open[1]}\\s*$`).test(line));
    if (close < 0) throw new Error(`line ${i + 1}: this code block is never closed`);
    const [lang = '', ...rest] = open[2].trim().split(/\s+(.*)/s);
    const attributes = new Map<string, string | true>();
    for (const [, key, value] of (rest[0] ?? '').matchAll(/([\w-]+)(?:="([^"]*)")?/g)) attributes.set(key, value ?? true);
    found.push({ line: i + 1, lang, attributes, body: lines.slice(i + 1, close).join('\n') });
    i = close;
  }
  return found;
}

const isOutput = (fence: Fence) => fence.lang === 'text' && fence.attributes.has('output');
const isNotRun = (fence: Fence) => fence.attributes.has('not-run');
const isCommand = (fence: Fence) => fence.lang === 'bash' && !fence.attributes.has('title') && !isNotRun(fence);

/** The guide's command blocks in order, with the files each one needs written first and its expected output. */
export function commandSteps(markdown: string): { steps: CommandStep[]; notRun: NotRunBlock[] } {
  const steps: CommandStep[] = [];
  const notRun: NotRunBlock[] = [];
  let writes: FileWrite[] = [];
  let previous: Fence | undefined;
  for (const fence of fences(markdown)) {
    if (REFUSED_SHELLS.includes(fence.lang))
      throw new Error(`line ${fence.line}: write shell commands as \`\`\`bash, so the doc test runs them`);
    const title = fence.attributes.get('title');
    if (isOutput(fence)) {
      const step = steps.at(-1);
      if (!previous || !isCommand(previous) || !step || step.expected.length) {
        throw new Error(`line ${fence.line}: an output block must come right after the command block that prints it`);
      }
      step.expected = fence.body.split('\n').filter((line) => line.trim() !== '');
    } else if (typeof title === 'string') {
      writes.push({ line: fence.line, file: title, content: `${fence.body}\n` });
    } else if (isNotRun(fence)) {
      const reason = fence.attributes.get('not-run');
      if (typeof reason !== 'string' || !reason.trim())
        throw new Error(`line ${fence.line}: not-run="..." must say why the block cannot run here`);
      notRun.push({ line: fence.line, reason, script: fence.body });
    } else if (isCommand(fence)) {
      steps.push({ line: fence.line, script: fence.body, fails: /^\s*#\s*fails\b/m.test(fence.body), expected: [], writes });
      writes = [];
    }
    previous = fence;
  }
  if (writes.length) throw new Error(`line ${writes[0].line}: no command block follows this file, so nothing checks it`);
  const unchecked = steps.find((step) => !step.expected.length);
  if (unchecked) throw new Error(`line ${unchecked.line}: show what this command block prints in a \`\`\`text output block right after it`);
  return { steps, notRun };
}

const normalize = (line: string) => line.trim().replace(/\s+/g, ' ');

function linePattern(expected: string): RegExp {
  const parts = normalize(expected).split(/(\.\.\.|<timestamp>)/);
  const source = parts.map((part) =>
    part === '...' ? '.*' : part === '<timestamp>' ? '\\d{13}' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
  );
  return new RegExp(`^${source.join('')}$`);
}

/** The first expected line with no match in the output (after the previous one's match), or undefined. */
export function firstUnmatchedLine(expected: string[], output: string): string | undefined {
  const actual = output.split('\n').map(normalize);
  let from = 0;
  for (const line of expected) {
    const pattern = linePattern(line);
    const at = actual.findIndex((candidate, index) => index >= from && pattern.test(candidate));
    if (at < 0) return line;
    from = at + 1;
  }
  return undefined;
}

/** `npm run <script>` and each `--flag` after it, e.g. ['migration:run', 'migration:run --to']. */
function npmRunUses(text: string): string[] {
  return [...text.matchAll(/npm run ([\w:.-]+)([^`|#\n]*)/g)].flatMap(([, script, rest]) => [
    script,
    ...[...rest.matchAll(/(?:^|\s)(--[a-z][\w-]*)/g)].map(([, flag]) => `${script} ${flag}`),
  ]);
}

/**
 * Every `npm run` script and flag the guide mentions outside its command blocks (in tables, prose, not-run
 * blocks) that no command block runs: a command documented but never tried.
 */
export function commandsNeverRun(markdown: string): string[] {
  const { steps } = commandSteps(markdown);
  const ran = new Set(steps.flatMap((step) => npmRunUses(step.script)));
  const executedOrPrinted = fences(markdown).filter((fence) => isCommand(fence) || isOutput(fence));
  const lines = markdown.split('\n');
  for (const fence of executedOrPrinted) lines.fill('', fence.line - 1, fence.line + fence.body.split('\n').length);
  const mentioned = new Set(lines.flatMap((line) => npmRunUses(line)));
  return [...mentioned].filter((use) => !ran.has(use)).map((use) => `npm run ${use}`);
}
