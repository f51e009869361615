import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseConfig } from '../../../src/config/app-config';
import { summarizeDiff } from '../../../src/migrator/generate/migration-writer';
import { isEmptyDiff } from '../../../src/migrator/generate/schema-diff';
import { describeEachEngine } from '../../support/each-engine';
import { createTestDatabase, TestDatabase } from '../../support/test-databases';
import { Category } from './fixtures/category.entity';
import { Note, NoteShortName, NoteWideName, NoteWithCode, NoteWithTitle } from './fixtures/changed-columns.entity';
import { OwnedNote } from './fixtures/owned-note.entity';
import { Owner } from './fixtures/owner.entity';
import { OwnerWithScore } from './fixtures/owner-with-score.entity';
import { OwnerUniqueName } from './fixtures/owner-unique-name.entity';
import { diffOf, drift, Entities, expectSameOnEveryEngine, generate, migrate, PROJECT, query, schemaOf } from './generate-support';

describeEachEngine('migration:generate', (engine) => {
  let db: TestDatabase;
  let dir: string;
  beforeEach(async () => {
    db = await createTestDatabase(engine);
    dir = mkdtempSync(path.join(__dirname, 'tmp-'));
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it("creates the project's tables on an empty database, leaving no drift, and then reports no changes", async () => {
    const { diff, source } = await generate(db.config, PROJECT, dir, 'initial');
    const created = diff.createTables.map((t) => t.name);
    expect([...created].sort()).toEqual(['items', 'products', 'refresh_tokens', 'users']);
    expect(created.indexOf('users')).toBeLessThan(created.indexOf('products')); // products references users
    expect(created.indexOf('users')).toBeLessThan(created.indexOf('refresh_tokens'));
    expect(diff.dropTables).toEqual([]);
    expect(diff.unsupported).toEqual([]);
    expect(diff.warnings).toEqual([]);
    expect(source).not.toContain('engine-only');
    expect(source).toContain("column(queryRunner, { name: 'price', type: 'decimal', precision: 10, scale: 2 })");
    expectSameOnEveryEngine('initial', source);

    await migrate(db.config, dir, 'up');
    expect(await drift(db.config, PROJECT)).toEqual([]);
    const after = await schemaOf(db.config, ['users', 'products', 'items', 'refresh_tokens']);
    await migrate(db.config, dir, 'down');
    expect(await schemaOf(db.config, ['users', 'products', 'items', 'refresh_tokens'])).toEqual([]);
    await migrate(db.config, dir, 'up');
    expect(await schemaOf(db.config, ['users', 'products', 'items', 'refresh_tokens'])).toEqual(after);

    const again = await diffOf(db.config, PROJECT);
    expect(isEmptyDiff(again)).toBe(true);
    expect(summarizeDiff(again)).toEqual(['No changes: the database matches the entities.']);
  });

  it('new model: creates the table with its unique, index and foreign key; existing rows stay', async () => {
    await generate(db.config, [Owner], dir, 'owners');
    await migrate(db.config, dir, 'up');
    await query(db.config, "INSERT INTO owners (name) VALUES ('ann')");
    await query(db.config, "INSERT INTO owners (name) VALUES ('bob')");

    const { diff, source } = await generate(db.config, [Owner, Category], dir, 'add category');
    expect(diff.createTables.map((t) => t.name)).toEqual(['categories']);
    expect(diff.addColumns).toEqual([]);
    expect(diff.unsupported).toEqual([]);
    expect(summarizeDiff(diff)).toEqual(['+ create table categories (7 columns, 1 unique, 1 index, 1 foreign key)']);
    expect(source).toContain("column(queryRunner, { name: 'state', type: 'enum', enum: ['open', 'closed'], default: 'open' })");
    expectSameOnEveryEngine('new model', source);

    const owners = () => query(db.config, 'SELECT name FROM owners ORDER BY name');
    for (const step of ['up', 'down', 'up'] as const) {
      await migrate(db.config, dir, step);
      expect(await owners()).toEqual([{ name: 'ann' }, { name: 'bob' }]);
      expect((await schemaOf(db.config, ['categories'])).length).toBe(step === 'up' ? 1 : 0);
    }
    const [categories] = await schemaOf(db.config, ['categories']);
    expect(categories.foreignKeys).toEqual(['FK_categories_owner_id owner_id -> owners(id) CASCADE NO ACTION']);
    expect(categories.indices.join()).toContain('IX_categories_owner_id owner_id');
    expect([...categories.uniques, ...categories.indices].join()).toContain('UQ_categories_name name');
    await query(db.config, "INSERT INTO categories (name, owner_id) VALUES ('tools', 1)");
    await expect(query(db.config, "INSERT INTO categories (name, owner_id) VALUES ('tools', 2)")).rejects.toThrow();
    await expect(query(db.config, "INSERT INTO categories (name, owner_id) VALUES ('toys', 99)")).rejects.toThrow();
    expect(await query(db.config, 'SELECT name, state, budget FROM categories')).toEqual([{ name: 'tools', state: 'open', budget: null }]);

    expect(await drift(db.config, [Owner, Category])).toEqual([]);
    expect(isEmptyDiff(await diffOf(db.config, [Owner, Category]))).toBe(true);
  });

  it('new columns with defaults: rows already in the table get the defaults', async () => {
    await generate(db.config, [Owner], dir, 'owners');
    await migrate(db.config, dir, 'up');
    await query(db.config, "INSERT INTO owners (name) VALUES ('ann')");
    await query(db.config, "INSERT INTO owners (name) VALUES ('bob')");

    const { diff, source } = await generate(db.config, [OwnerWithScore], dir, 'owner score');
    expectSameOnEveryEngine('new columns', source);
    expect(diff.createTables).toEqual([]);
    expect(diff.addColumns.map((c) => c.column.kind)).toEqual(['portable', 'portable', 'portable', 'portable']);
    expect(diff.unsupported).toEqual([]);
    expect(diff.warnings).toEqual([]);
    expect(summarizeDiff(diff)).toEqual([
      '+ add column owners.score',
      '+ add column owners.is_verified',
      '+ add column owners.tier',
      '+ add column owners.nickname',
    ]);

    const rows = async () =>
      (await query(db.config, 'SELECT * FROM owners ORDER BY name')).map((row) => {
        const { created_at: _c, updated_at: _u, id: _id, ...rest } = row;
        return { ...rest, ...('is_verified' in rest ? { is_verified: Boolean(rest.is_verified) } : {}) };
      });
    const withDefaults = [
      { name: 'ann', score: 7, is_verified: true, tier: 'bronze', nickname: 'n/a' },
      { name: 'bob', score: 7, is_verified: true, tier: 'bronze', nickname: 'n/a' },
    ];
    await migrate(db.config, dir, 'up');
    expect(await rows()).toEqual(withDefaults);
    await migrate(db.config, dir, 'down');
    expect(await rows()).toEqual([{ name: 'ann' }, { name: 'bob' }]);
    expect(await drift(db.config, [Owner])).toEqual([]);
    await migrate(db.config, dir, 'up');
    expect(await rows()).toEqual(withDefaults);
    expect(await drift(db.config, [OwnerWithScore])).toEqual([]);
    expect(isEmptyDiff(await diffOf(db.config, [OwnerWithScore]))).toBe(true);
  });

  it('remove a model: up drops the table, down recreates it exactly as it was', async () => {
    await generate(db.config, [Owner, Category], dir, 'owners and categories');
    await migrate(db.config, dir, 'up');
    await query(db.config, "INSERT INTO owners (name) VALUES ('ann')");
    await query(db.config, "INSERT INTO categories (name, owner_id) VALUES ('tools', 1)");
    const before = await schemaOf(db.config, ['owners', 'categories']);

    const { diff, source } = await generate(db.config, [Owner], dir, 'drop categories');
    expect(diff.dropTables.map((t) => t.name)).toEqual(['categories']);
    expect(diff.createTables).toEqual([]);
    expect(diff.unsupported).toEqual([]);
    expect(diff.warnings).toEqual([]);
    expect(source).not.toContain('engine-only');
    expectSameOnEveryEngine('remove a model', source);
    expect(summarizeDiff(diff)).toEqual(['- DESTRUCTIVE: drop table categories and all its rows (down recreates it empty)']);

    await migrate(db.config, dir, 'up');
    expect((await schemaOf(db.config, ['owners', 'categories'])).map((t) => t.name)).toEqual(['owners']);
    expect(isEmptyDiff(await diffOf(db.config, [Owner]))).toBe(true);
    await migrate(db.config, dir, 'down');
    expect(await schemaOf(db.config, ['owners', 'categories'])).toEqual(before);
    expect(await drift(db.config, [Owner, Category])).toEqual([]);
    await migrate(db.config, dir, 'up');
    expect((await schemaOf(db.config, ['owners', 'categories'])).map((t) => t.name)).toEqual(['owners']);
    expect(await query(db.config, 'SELECT name FROM owners')).toEqual([{ name: 'ann' }]);
  });

  const names = (config: DatabaseConfig, column = 'name') => query(config, `SELECT ${column} AS value FROM notes ORDER BY id`);
  const LONG = 'x'.repeat(200);
  async function notesWithRows(entity: Entities): Promise<void> {
    await generate(db.config, entity, dir, 'notes');
    await migrate(db.config, dir, 'up');
    const column = entity === NOTE_WITH_TITLE ? 'title' : 'name';
    for (const value of ['ann', 'bob', LONG]) await query(db.config, `INSERT INTO notes (${column}) VALUES ('${value}')`);
  }
  const NOTE_WITH_TITLE: Entities = [NoteWithTitle];
  const stored = [{ value: 'ann' }, { value: 'bob' }, { value: LONG }];

  it('changed column: alterColumn widens it in place, the rows survive up, down and up', async () => {
    await notesWithRows([Note]);
    const { diff, source } = await generate(db.config, [NoteWideName], dir, 'widen note name');
    expect(diff.unsupported).toEqual([]);
    expect(diff.addColumns).toEqual([]);
    expect(diff.dropColumns).toEqual([]);
    expect(summarizeDiff(diff)).toEqual(['~ alter column notes.name (length 255 → 500)']);
    expect(source).toContain(
      "await alterColumn(queryRunner, 'notes', 'name', { type: 'string', length: 500, nullable: false, default: null });",
    );
    expect(source).toContain(
      "await alterColumn(queryRunner, 'notes', 'name', { type: 'string', length: 255, nullable: false, default: null });",
    );
    expectSameOnEveryEngine('changed column', source);

    for (const step of ['up', 'down', 'up'] as const) {
      await migrate(db.config, dir, step);
      expect(await names(db.config)).toEqual(stored);
      expect(await drift(db.config, step === 'up' ? [NoteWideName] : [Note])).toEqual([]);
    }
    await query(db.config, `INSERT INTO notes (name) VALUES ('${'y'.repeat(400)}')`);
    expect(isEmptyDiff(await diffOf(db.config, [NoteWideName]))).toBe(true);
  });

  it('narrowed column: marked DESTRUCTIVE, and alterColumn refuses when rows would be cut', async () => {
    await notesWithRows([Note]);
    const { diff, source } = await generate(db.config, [NoteShortName], dir, 'narrow note name');
    expect(summarizeDiff(diff)).toEqual(['~ DESTRUCTIVE (may lose data): alter column notes.name (length 255 → 5)']);
    expect(source).toContain('DESTRUCTIVE (may lose data)');
    await expect(migrate(db.config, dir, 'up')).rejects.toThrow(/notes|name/);
    expect(await names(db.config)).toEqual(stored);
  });

  it('dropped columns: marked DESTRUCTIVE, up drops them, down re-adds them (with their defaults)', async () => {
    await generate(db.config, [OwnerWithScore], dir, 'owners');
    await migrate(db.config, dir, 'up');
    await query(db.config, "INSERT INTO owners (name, score, tier) VALUES ('ann', 3, 'gold')");
    const before = await schemaOf(db.config, ['owners']);

    const { diff, source } = await generate(db.config, [Owner], dir, 'drop score');
    expect(diff.unsupported).toEqual([]);
    expect(diff.warnings).toEqual([]);
    expect(diff.dropColumns.map((c) => c.column.kind)).toEqual(['portable', 'portable', 'portable', 'portable']);
    expect(summarizeDiff(diff)).toEqual([
      '- DESTRUCTIVE: drop column owners.score and its values (down re-adds it without them)',
      '- DESTRUCTIVE: drop column owners.is_verified and its values (down re-adds it without them)',
      '- DESTRUCTIVE: drop column owners.tier and its values (down re-adds it without them)',
      '- DESTRUCTIVE: drop column owners.nickname and its values (down re-adds it without them)',
    ]);
    expect(source).toContain("await queryRunner.dropColumn('owners', 'score');");
    expectSameOnEveryEngine('dropped columns', source);

    const rows = () => query(db.config, 'SELECT * FROM owners').then((r) => r.map((row) => Object.keys(row).sort().join()));
    await migrate(db.config, dir, 'up');
    expect(await rows()).toEqual(['created_at,id,name,updated_at']);
    expect(await query(db.config, 'SELECT name FROM owners')).toEqual([{ name: 'ann' }]);
    expect(isEmptyDiff(await diffOf(db.config, [Owner]))).toBe(true);
    await migrate(db.config, dir, 'down');
    expect(await schemaOf(db.config, ['owners'])).toEqual(before);
    expect(await drift(db.config, [OwnerWithScore])).toEqual([]);
    expect(await query(db.config, 'SELECT name, score, tier FROM owners')).toEqual([{ name: 'ann', score: 7, tier: 'bronze' }]);
    await migrate(db.config, dir, 'up');
    expect(await query(db.config, 'SELECT name FROM owners')).toEqual([{ name: 'ann' }]);
  });

  it('rename: one column gone and one new is not guessed; --rename keeps the data through up, down, up', async () => {
    await notesWithRows(NOTE_WITH_TITLE);
    const guessed = await diffOf(db.config, [NoteWideName], { migrationName: 'RenameTitle' });
    expect(guessed.addColumns).toEqual([]);
    expect(guessed.dropColumns).toEqual([]);
    expect(guessed.unsupported.map((u) => u.message).join()).toContain(
      'npm run migration:generate -- RenameTitle --rename notes.title:name',
    );

    const { diff, source } = await generate(db.config, [NoteWideName], dir, 'rename title', { renames: ['notes.title:name'] });
    expect(diff.unsupported).toEqual([]);
    expect(summarizeDiff(diff)).toEqual(['~ rename column notes.title to name', '~ alter column notes.name (length 255 → 500)']);
    expect(source).toContain("await queryRunner.renameColumn('notes', 'title', 'name');");
    expect(source).toContain("await queryRunner.renameColumn('notes', 'name', 'title');");
    expectSameOnEveryEngine('rename', source);

    for (const step of ['up', 'down', 'up'] as const) {
      await migrate(db.config, dir, step);
      expect(await names(db.config, step === 'up' ? 'name' : 'title')).toEqual(stored);
      expect(await drift(db.config, step === 'up' ? [NoteWideName] : NOTE_WITH_TITLE)).toEqual([]);
    }
    expect(isEmptyDiff(await diffOf(db.config, [NoteWideName]))).toBe(true);
  });

  it('add a relationship: a nullable owner_id with its index and foreign key on a table with rows', async () => {
    await generate(db.config, [Owner, Note], dir, 'owners and notes');
    await migrate(db.config, dir, 'up');
    await query(db.config, "INSERT INTO owners (name) VALUES ('ann')");
    for (const value of ['one', 'two']) await query(db.config, `INSERT INTO notes (name) VALUES ('${value}')`);

    const { diff, source } = await generate(db.config, [Owner, OwnedNote], dir, 'note owner');
    expect(diff.unsupported).toEqual([]);
    expect(diff.warnings).toEqual([]);
    expect(summarizeDiff(diff)).toEqual([
      '+ add column notes.owner_id',
      '+ create index IX_notes_owner_id on notes (owner_id)',
      '+ create foreign key FK_notes_owner_id on notes (owner_id) -> owners (id)',
    ]);
    expect(source).toContain(
      "await queryRunner.createIndex('notes', new TableIndex({ name: 'IX_notes_owner_id', columnNames: ['owner_id'] }));",
    );
    expect(source).toContain("await queryRunner.dropForeignKey('notes', 'FK_notes_owner_id');");
    const up = source.slice(source.indexOf('async up'), source.indexOf('async down'));
    const down = source.slice(source.indexOf('async down'));
    expect(up.indexOf('addColumn')).toBeLessThan(up.indexOf('createIndex'));
    expect(up.indexOf('createIndex')).toBeLessThan(up.indexOf('createForeignKey'));
    expect(down.indexOf('dropForeignKey')).toBeLessThan(down.indexOf('dropIndex'));
    expect(down.indexOf('dropIndex')).toBeLessThan(down.indexOf('dropColumn'));
    expectSameOnEveryEngine('add a relationship', source);

    const notes = () => query(db.config, 'SELECT name FROM notes ORDER BY id');
    for (const step of ['up', 'down', 'up'] as const) {
      await migrate(db.config, dir, step);
      expect(await notes()).toEqual([{ name: 'one' }, { name: 'two' }]);
      expect(await drift(db.config, step === 'up' ? [Owner, OwnedNote] : [Owner, Note])).toEqual([]);
      const [table] = await schemaOf(db.config, ['notes']);
      if (step === 'up') {
        expect(table.foreignKeys).toEqual(['FK_notes_owner_id owner_id -> owners(id) SET NULL NO ACTION']);
        expect(table.indices).toEqual(['IX_notes_owner_id owner_id']);
      } else {
        expect(table.foreignKeys).toEqual([]);
        expect(table.indices).toEqual([]);
        expect(table.columns.join()).not.toContain('owner_id');
      }
    }
    await query(db.config, "INSERT INTO notes (name, owner_id) VALUES ('three', 1)");
    await expect(query(db.config, "INSERT INTO notes (name, owner_id) VALUES ('four', 99)")).rejects.toThrow();
    expect(await query(db.config, 'SELECT name, owner_id FROM notes ORDER BY id')).toEqual([
      { name: 'one', owner_id: null },
      { name: 'two', owner_id: null },
      { name: 'three', owner_id: 1 },
    ]);
    const again = await diffOf(db.config, [Owner, OwnedNote]);
    expect(summarizeDiff(again)).toEqual(['No changes: the database matches the entities.']);
  });

  it('remove a relationship: up drops the foreign key and index first, down recreates them from the live table', async () => {
    await generate(db.config, [Owner, OwnedNote], dir, 'owners and notes');
    await migrate(db.config, dir, 'up');
    await query(db.config, "INSERT INTO owners (name) VALUES ('ann')");
    await query(db.config, "INSERT INTO notes (name, owner_id) VALUES ('one', 1)");
    const before = await schemaOf(db.config, ['owners', 'notes']);

    const { diff, source } = await generate(db.config, [Owner, Note], dir, 'drop note owner');
    expect(diff.unsupported).toEqual([]);
    expect(diff.warnings).toEqual([]);
    expect(summarizeDiff(diff)).toEqual([
      '- DESTRUCTIVE: drop column notes.owner_id and its values (down re-adds it without them)',
      '- drop foreign key FK_notes_owner_id on notes',
      '- drop index IX_notes_owner_id on notes',
    ]);
    const up = source.slice(source.indexOf('async up'), source.indexOf('async down'));
    expect(up.indexOf('dropForeignKey')).toBeLessThan(up.indexOf('dropIndex'));
    expect(up.indexOf('dropIndex')).toBeLessThan(up.indexOf('dropColumn'));
    expectSameOnEveryEngine('remove a relationship', source);

    await migrate(db.config, dir, 'up');
    expect(await drift(db.config, [Owner, Note])).toEqual([]);
    expect(isEmptyDiff(await diffOf(db.config, [Owner, Note]))).toBe(true);
    await migrate(db.config, dir, 'down');
    expect(await schemaOf(db.config, ['owners', 'notes'])).toEqual(before);
    expect(await drift(db.config, [Owner, OwnedNote])).toEqual([]);
    expect(await query(db.config, 'SELECT name FROM notes')).toEqual([{ name: 'one' }]);
  });

  it('a NOT NULL column without a default is refused on a table with rows, added on an empty one', async () => {
    await generate(db.config, [Note], dir, 'notes');
    await migrate(db.config, dir, 'up');
    const empty = await diffOf(db.config, [NoteWithCode]);
    expect(empty.unsupported).toEqual([]);
    expect(empty.addColumns.map((c) => c.table)).toEqual(['notes']);

    await query(db.config, "INSERT INTO notes (name) VALUES ('ann')");
    const refused = await diffOf(db.config, [NoteWithCode]);
    expect(refused.addColumns).toEqual([]);
    expect(refused.unsupported).toEqual([
      {
        table: 'notes',
        column: 'code',
        message: 'column notes.code is NOT NULL without a default, and notes has 1 row: add a default or make it optional',
      },
    ]);
  });

  it('add a unique to an existing table with rows: createUnique in up, dropUnique in down, duplicates refused after up', async () => {
    await generate(db.config, [Owner], dir, 'owners');
    await migrate(db.config, dir, 'up');
    for (const value of ['ann', 'bob']) await query(db.config, `INSERT INTO owners (name) VALUES ('${value}')`);

    const { diff, source } = await generate(db.config, [OwnerUniqueName], dir, 'unique owner name');
    expect(diff.unsupported).toEqual([]);
    expect(diff.warnings).toEqual([]);
    expect(summarizeDiff(diff)).toEqual(['+ create unique UQ_owners_name on owners (name)']);
    expect(source).toContain(
      "await createUnique(queryRunner, 'owners', new TableUnique({ name: 'UQ_owners_name', columnNames: ['name'] }));",
    );
    expect(source).toContain("await dropUnique(queryRunner, 'owners', 'UQ_owners_name');");
    expect(source).toMatch(/import \{ createUnique, dropUnique \} from /);
    expectSameOnEveryEngine('add a unique', source);

    const names = () => query(db.config, 'SELECT name FROM owners ORDER BY id');
    for (const step of ['up', 'down', 'up'] as const) {
      await migrate(db.config, dir, step);
      expect(await names()).toEqual([{ name: 'ann' }, { name: 'bob' }]);
      expect(await drift(db.config, step === 'up' ? [OwnerUniqueName] : [Owner])).toEqual([]);
    }
    await expect(query(db.config, "INSERT INTO owners (name) VALUES ('ann')")).rejects.toThrow();
    expect(await names()).toEqual([{ name: 'ann' }, { name: 'bob' }]);
    expect(summarizeDiff(await diffOf(db.config, [OwnerUniqueName]))).toEqual(['No changes: the database matches the entities.']);

    // and back: removing the @Unique drops it, down re-creates it from the live definition
    const removed = await generate(db.config, [Owner], dir, 'drop unique owner name');
    expect(removed.diff.unsupported).toEqual([]);
    expect(summarizeDiff(removed.diff)).toEqual(['- drop unique UQ_owners_name on owners']);
    expectSameOnEveryEngine('remove a unique', removed.source);
    await migrate(db.config, dir, 'up');
    expect(await drift(db.config, [Owner])).toEqual([]);
    await query(db.config, "INSERT INTO owners (name) VALUES ('ann')");
    await query(db.config, 'DELETE FROM owners WHERE id > 2');
    await migrate(db.config, dir, 'down');
    expect(await drift(db.config, [OwnerUniqueName])).toEqual([]);
    await expect(query(db.config, "INSERT INTO owners (name) VALUES ('bob')")).rejects.toThrow();
    expect(isEmptyDiff(await diffOf(db.config, [OwnerUniqueName]))).toBe(true);
  });
});
