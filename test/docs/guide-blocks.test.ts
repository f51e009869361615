import { commandsNeverRun, commandSteps, firstUnmatchedLine } from './guide-blocks';

const fence = (info: string, body: string) => `\`\`\`${info}\n${body}\n\`\`\``;

describe('commandSteps: how the doc test reads a guide', () => {
  it('collects commands in order, with the files to write first, the expected output, and whether they must fail', () => {
    const guide = [
      'Write the file:',
      fence('ts title="src/a.ts"', 'export const a = 1;'),
      fence('bash', 'cat src/a.ts'),
      'It prints:',
      fence('text output', 'export const a = 1;\n\n'),
      fence('bash', '# fails: no such file\ncat src/b.ts'),
      fence('text output', 'cat: src/b.ts: No such file or directory'),
      fence('bash not-run="needs SQL Server"', 'sqlcmd -i migrate.sql'),
      fence('ts', 'an illustration, neither written nor run'),
    ].join('\n\n');
    expect(commandSteps(guide)).toEqual({
      steps: [
        {
          line: 7,
          script: 'cat src/a.ts',
          fails: false,
          expected: ['export const a = 1;'],
          writes: [{ line: 3, file: 'src/a.ts', content: 'export const a = 1;\n' }],
        },
        {
          line: 19,
          script: '# fails: no such file\ncat src/b.ts',
          fails: true,
          expected: ['cat: src/b.ts: No such file or directory'],
          writes: [],
        },
      ],
      notRun: [{ line: 28, reason: 'needs SQL Server', script: 'sqlcmd -i migrate.sql' }],
    });
  });

  it.each([
    ['an output block that follows no command', fence('text output', 'x'), 'line 1: an output block must come right after'],
    [
      'a second output block for one command',
      [fence('bash', 'true'), fence('text output', 'a'), fence('text output', 'b')].join('\n'),
      'line 7: an output block',
    ],
    ['a file no command follows', fence('ts title="src/a.ts"', 'x'), 'line 1: no command block follows this file'],
    ['a command whose output is not shown', fence('bash', 'npm test'), 'line 1: show what this command block prints'],
    ['a shell block under another name', fence('sh', 'npm test'), 'line 1: write shell commands as ```bash'],
    ['a not-run block without its reason', fence('bash not-run', 'npm test'), 'line 1: not-run="..." must say why'],
    ['an unclosed block', '```bash\nnpm test', 'line 1: this code block is never closed'],
    ['a command block fenced with tildes and no output', '~~~bash\nnpm test\n~~~', 'line 1: show what this command block prints'],
  ])('refuses %s', (_case, guide, message) => {
    expect(() => commandSteps(guide)).toThrow(message);
  });
});

describe('firstUnmatchedLine: comparing the shown output with the real one', () => {
  const output = [
    '> npm banner',
    '▲ applied AddCategory1795612660066 (12 ms)',
    'applied 1 migration in 20 ms;   the database is now at AddCategory1795612660066',
  ].join('\n');

  it('matches whole lines in order, with ... for any text, <timestamp> for 13 digits and any run of spaces as one', () => {
    expect(
      firstUnmatchedLine(
        ['▲ applied AddCategory<timestamp> (... ms)', '  applied 1 migration in ... ms; the database is now at AddCategory<timestamp>'],
        output,
      ),
    ).toBeUndefined();
  });

  it('names the first line that is missing, out of order, or only part of a line', () => {
    expect(firstUnmatchedLine(['▲ applied AddSortOrder<timestamp> (... ms)'], output)).toBe('▲ applied AddSortOrder<timestamp> (... ms)');
    expect(firstUnmatchedLine(['applied 1 migration in ... ms; ...', '▲ applied ...'], output)).toBe('▲ applied ...');
    expect(firstUnmatchedLine(['▲ applied AddCategory<timestamp>'], output)).toBe('▲ applied AddCategory<timestamp>');
    expect(firstUnmatchedLine(['▲ applied AddCategory<timestamp> (12 ms)'], output.replace('1795612660066', '17956'))).toBeDefined();
  });
});

describe('commandsNeverRun: the guide documents only commands it runs', () => {
  const runs = [fence('bash', 'npm run migration:run -- --steps 1   # alembic upgrade +1'), fence('text output', '▲ applied ...')].join(
    '\n',
  );

  it('accepts a mention whose script and flags a command block runs', () => {
    expect(commandsNeverRun(`${runs}\n\n| \`alembic upgrade +1\` | \`npm run migration:run -- --steps 1\` |`)).toEqual([]);
  });

  it('lists scripts and flags mentioned in prose, tables or not-run blocks that no command block runs', () => {
    const guide = [
      runs,
      'Use `npm run migration:run -- --to <name>` or `npm run migration:revert`.',
      fence('bash not-run="needs SQL Server"', 'npm run migration:sql -- --dialect mssql'),
    ].join('\n\n');
    expect(commandsNeverRun(guide)).toEqual([
      'npm run migration:run --to',
      'npm run migration:revert',
      'npm run migration:sql',
      'npm run migration:sql --dialect',
    ]);
  });
});
