import { inlineParameters } from '../../src/database/sql-literals';

describe('inlineParameters', () => {
  const when = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6));

  it('writes each placeholder style as literals, in order', () => {
    expect(inlineParameters('SELECT $2, $1', ['a', 2], 'postgres')).toBe("SELECT 2, 'a'");
    expect(inlineParameters('SELECT @0, @1', ["O'Brien", null], 'mssql')).toBe("SELECT N'O''Brien', NULL");
    expect(inlineParameters('SELECT ?, ?, ?', [true, 10n, 1.5], 'better-sqlite3')).toBe('SELECT 1, 10, 1.5');
  });

  it('escapes what each engine treats specially', () => {
    expect(inlineParameters('SELECT ?', ['C:\\temp\\'], 'mariadb')).toBe("SELECT 'C:\\\\temp\\\\'");
    expect(inlineParameters('SELECT $1', ['C:\\temp'], 'postgres')).toBe("SELECT 'C:\\temp'");
    expect(inlineParameters('SELECT $1', [false], 'postgres')).toBe('SELECT FALSE');
  });

  it('writes dates as UTC timestamps and objects as JSON', () => {
    expect(inlineParameters('SELECT ?', [when], 'better-sqlite3')).toBe("SELECT '2026-01-02 03:04:05.006'");
    expect(inlineParameters('SELECT $1', [{ a: "it's" }], 'postgres')).toBe(`SELECT '{"a":"it''s"}'`);
  });

  it('leaves a statement without parameters untouched', () => {
    expect(inlineParameters('SELECT "?" FROM t', [], 'better-sqlite3')).toBe('SELECT "?" FROM t');
  });
});
