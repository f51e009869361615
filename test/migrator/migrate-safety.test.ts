import { appendFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describeEachEngine } from '../support/each-engine';
import { Engine, useTestDatabase } from '../support/test-databases';
import { appliedNames, cli, copyOf, FAILING_DIR, query, SAMPLE_DIR, tableNames } from './migrate-support';

/** Engines whose DDL is transactional: a failed migration leaves nothing behind. */
const TRANSACTIONAL: Engine[] = ['sqlite', 'postgres', 'mssql'];

describeEachEngine('migration safety', (engine) => {
  const db = useTestDatabase(engine, 'each');

  it('records a checksum; an edited applied migration shows in status, blocks run, and can be accepted', async () => {
    const copy = copyOf(SAMPLE_DIR);
    try {
      const run = (...args: string[]) => cli(db().config, ...args, '--dir', copy.dir);
      expect((await run('run', '--steps', '2')).code).toBe(0);
      const [row] = await query<{ checksum: string }>(
        db().config,
        "SELECT checksum FROM migrations WHERE name = 'CreateWidgets1700000000001'",
      );
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);

      appendFileSync(path.join(copy.dir, '1700000000001-CreateWidgets.ts'), '\n// a later edit\n');
      const status = await run('status', '--check');
      expect(status.code).toBe(1);
      expect(status.output).toContain('edited: CreateWidgets1700000000001 changed since it was applied');
      expect(status.output).toContain('check failed: the database does not match the migration files');
      expect((await run('history')).output).toMatch(/\[x\] CreateWidgets1700000000001 .*\(EDITED\)/);

      const refused = await run('run');
      expect(refused.code).toBe(1);
      expect(refused.output).toContain('CreateWidgets1700000000001 changed after being applied');
      expect(refused.output).toContain('--allow-edited');
      expect(await appliedNames(db().config)).toHaveLength(2);

      const allowed = await run('run', '--steps', '1', '--allow-edited');
      expect(allowed.code).toBe(0);
      expect(await appliedNames(db().config)).toHaveLength(3);
      // the form the refusal suggests: no name, the database stays where it is
      expect((await run('stamp', '--checksums')).output).toBe('recorded the current checksum of CreateWidgets1700000000001');
      expect(await appliedNames(db().config)).toHaveLength(3);
      expect((await run('run')).code).toBe(0);
      expect((await run('status', '--check')).code).toBe(0);
    } finally {
      copy.remove();
    }
  });

  it('ignores line endings and trailing blanks in the checksum', async () => {
    const copy = copyOf(SAMPLE_DIR);
    try {
      expect((await cli(db().config, 'run', '--steps', '1', '--dir', copy.dir)).code).toBe(0);
      const file = path.join(copy.dir, '1700000000001-CreateWidgets.ts');
      const { readFileSync, writeFileSync } = await import('node:fs');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '  \r\n'));
      expect((await cli(db().config, 'status', '--dir', copy.dir)).output).not.toContain('edited:');
      appendFileSync(file, 'export const changed = true;\n');
      expect((await cli(db().config, 'status', '--dir', copy.dir)).output).toContain('edited: CreateWidgets1700000000001');
    } finally {
      copy.remove();
    }
  });

  it('refuses a pending migration older than the newest applied one unless --allow-out-of-order', async () => {
    const copy = copyOf(SAMPLE_DIR);
    const late = path.join(copy.dir, '1700000000003-AddWidgetNameIndex.ts');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const source = readFileSync(late, 'utf8');
    try {
      rmSync(late);
      const run = (...args: string[]) => cli(db().config, ...args, '--dir', copy.dir);
      expect((await run('run')).code).toBe(0);
      writeFileSync(late, source); // a teammate's branch lands with an older timestamp
      const status = await run('status', '--check');
      expect(status.code).toBe(1);
      expect(status.output).toContain('AddWidgetNameIndex1700000000003  (older than the newest applied: out of order)');
      const refused = await run('run');
      expect(refused.code).toBe(1);
      expect(refused.output).toContain(
        'AddWidgetNameIndex1700000000003 is older than the newest applied migration (SeedWidgets1700000000004). ' +
          'Applying it now may not be what its author tested; re-run with --allow-out-of-order to apply it anyway.',
      );
      expect(await appliedNames(db().config)).not.toContain('AddWidgetNameIndex1700000000003');
      expect((await run('run', '--allow-out-of-order')).code).toBe(0);
      expect(await appliedNames(db().config)).toContain('AddWidgetNameIndex1700000000003');
    } finally {
      copy.remove();
    }
  });

  it('names two late migrations in the plural', async () => {
    const copy = copyOf(SAMPLE_DIR);
    const { writeFileSync } = await import('node:fs');
    const late = (name: string, timestamp: number) =>
      writeFileSync(
        path.join(copy.dir, `${timestamp}-${name}.ts`),
        `export class ${name}${timestamp} {\n  async up(): Promise<void> {}\n\n  async down(): Promise<void> {}\n}\n`,
      );
    try {
      const run = (...args: string[]) => cli(db().config, ...args, '--dir', copy.dir);
      expect((await run('run')).code).toBe(0);
      late('LateOne', 1699999999998);
      late('LateTwo', 1699999999999);
      expect((await run('run')).output).toContain(
        'LateOne1699999999998, LateTwo1699999999999 are older than the newest applied migration (SeedWidgets1700000000004). ' +
          'Applying them now may not be what their authors tested; re-run with --allow-out-of-order to apply them anyway.',
      );
    } finally {
      copy.remove();
    }
  });

  it('reports an applied migration that has no file, and cannot revert it', async () => {
    const copy = copyOf(SAMPLE_DIR);
    try {
      const run = (...args: string[]) => cli(db().config, ...args, '--dir', copy.dir);
      expect((await run('run')).code).toBe(0);
      rmSync(path.join(copy.dir, '1700000000004-SeedWidgets.ts'));
      const status = await run('status', '--check');
      expect(status.code).toBe(1);
      expect(status.output).toContain('unknown: SeedWidgets1700000000004 is applied but no migration file has that name');
      const revert = await run('revert');
      expect(revert.code).toBe(1);
      expect(revert.output).toContain('SeedWidgets1700000000004 is applied but its file is gone');
    } finally {
      copy.remove();
    }
  });

  it('a migration that fails halfway names itself and the statement, and leaves the migrations before it', async () => {
    const result = await cli(db().config, 'run', '--dir', FAILING_DIR);
    expect(result.code).toBe(1);
    expect(result.output).toContain('BreaksHalfway1700000000102.up() failed:');
    expect(result.output).toContain('statement: SELECT * FROM table_that_does_not_exist');
    expect(await appliedNames(db().config)).toEqual(['CreateGizmos1700000000101']);
    if (TRANSACTIONAL.includes(engine)) {
      expect(result.output).toContain('its changes were rolled back');
      expect(await tableNames(db().config, ['half_done'])).toEqual([]);
      expect(await query(db().config, 'SELECT name FROM gizmos')).toEqual([{ name: 'first' }]);
    }
  });

  it('--transaction all rolls the whole run back when one migration fails', async () => {
    const result = await cli(db().config, 'run', '--transaction', 'all', '--dir', FAILING_DIR);
    expect(result.code).toBe(1);
    if (TRANSACTIONAL.includes(engine)) {
      expect(await appliedNames(db().config)).toEqual([]);
      expect(await tableNames(db().config, ['gizmos', 'half_done'])).toEqual([]);
    }
  });

  it('--transaction none keeps what ran before the failure, and says so', async () => {
    const result = await cli(db().config, 'run', '--transaction', 'none', '--dir', FAILING_DIR);
    expect(result.code).toBe(1);
    expect(result.output).toContain('it ran without a transaction: check the schema before running again');
    expect(await tableNames(db().config, ['half_done'])).toEqual(['half_done']);
    expect(await query(db().config, 'SELECT name FROM gizmos')).toEqual([{ name: 'changed' }]);
  });
});
