import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadModules } from '../../src/modules/load-modules';

describe('loadModules', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'modules-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds every *.module file of the project, in file-name order', () => {
    const files = loadModules().map(({ file }) => file);
    expect(files).toEqual(expect.arrayContaining(['health.module.ts', 'items.module.ts', 'products.module.ts', 'users.module.ts']));
    expect(files).toEqual([...files].sort());
    expect(files).not.toContain('app-module.ts');
  });

  it('names the file whose default export is not a module', () => {
    writeFileSync(path.join(dir, 'broken.module.js'), 'exports.default = 42;');
    expect(() => loadModules(dir)).toThrow(/broken\.module\.js must `export default defineModule/);
  });

  it('ignores files that are not modules', () => {
    writeFileSync(path.join(dir, 'helper.js'), 'throw new Error("must not be loaded")');
    writeFileSync(path.join(dir, 'a.module.js'), 'exports.default = { services: () => ({}) };');
    expect(loadModules(dir).map(({ file }) => file)).toEqual(['a.module.js']);
  });
});
