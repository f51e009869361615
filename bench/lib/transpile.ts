import { transformFile } from '@swc/core';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
/** Under dist/ (git-ignored) so the emitted files find the project's node_modules. */
export const BUILD_DIR = path.join(PROJECT_ROOT, 'dist', 'bench');

function typescriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return typescriptFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/**
 * The project (src/) and the floor (bench/floor/) as plain JavaScript, transpiled by swc with the test suite's
 * settings (legacy decorators, decorator metadata, CommonJS, ES2022): the same code `npm run build` emits, in
 * about a second instead of a full type check, so the CI smoke stays short. Both targets run from here.
 */
export async function transpile(): Promise<{ server: string; floor: string }> {
  rmSync(BUILD_DIR, { recursive: true, force: true });
  const sources = [...typescriptFiles(path.join(PROJECT_ROOT, 'src')), ...typescriptFiles(path.join(PROJECT_ROOT, 'bench', 'floor'))];
  await Promise.all(
    sources.map(async (source) => {
      const { code } = await transformFile(source, {
        swcrc: false,
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
        module: { type: 'commonjs' },
      });
      const target = path.join(BUILD_DIR, path.relative(PROJECT_ROOT, source)).replace(/\.ts$/, '.js');
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, code);
    }),
  );
  // src/plugins/docs.plugin.ts reads the version from ../../package.json
  copyFileSync(path.join(PROJECT_ROOT, 'package.json'), path.join(BUILD_DIR, 'package.json'));
  return { server: path.join(BUILD_DIR, 'src', 'server.js'), floor: path.join(BUILD_DIR, 'bench', 'floor', 'floor-server.js') };
}
