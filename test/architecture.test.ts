import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SRC = path.join(__dirname, '..', 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : [],
  );
}

/** Every module a file imports, as a path relative to src/ for project files, or the package name. */
function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [...source.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
  return specifiers.map((spec) => (spec.startsWith('.') ? path.relative(SRC, path.resolve(path.dirname(file), spec)) : spec));
}

type LayerRules = Record<string, { folders: string[]; packages: string[] }>;
const { $comment: _, ...LAYERS } = JSON.parse(readFileSync(path.join(__dirname, '..', 'architecture.json'), 'utf8')) as LayerRules;

/** Layers only look down (architecture.json, which ESLint reads too): what each src/ folder may not import. */
const FORBIDDEN: Record<string, RegExp[]> = Object.fromEntries(
  Object.entries(LAYERS).map(([layer, { folders, packages }]) => [
    layer,
    [...folders.map((folder) => new RegExp(`^${folder}/`)), ...packages.map((pattern) => new RegExp(pattern))],
  ]),
);

describe('architecture', () => {
  const violations = (layer: string) =>
    filesUnder(path.join(SRC, layer)).flatMap((file) =>
      importsOf(file)
        .filter((target) => FORBIDDEN[layer].some((rule) => rule.test(target)))
        .map((target) => `${path.relative(SRC, file)} imports ${target}`),
    );

  it.each(Object.keys(FORBIDDEN))('%s imports nothing from the layers above it', (layer) => {
    expect(filesUnder(path.join(SRC, layer)).length).toBeGreaterThan(0);
    expect(violations(layer)).toEqual([]);
  });

  it('catches a violation (control)', () => {
    const rule = FORBIDDEN.routes;
    expect(rule.some((r) => r.test('repositories/products.repository'))).toBe(true);
    expect(importsOf(path.join(SRC, 'modules', 'products.module.ts'))).toContain('repositories/products.repository');
  });
});
