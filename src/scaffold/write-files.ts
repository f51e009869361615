import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { GeneratedFile } from './render-resource';

/**
 * The project's own Prettier settings applied to the generated source, so a long resource name wraps exactly as
 * `npm run format` would wrap it and `npm run lint` passes on the files as written. Imported when used: Prettier
 * is a dev dependency, and so is this command.
 */
export async function formatted(root: string, files: GeneratedFile[]): Promise<GeneratedFile[]> {
  const prettier = await import('prettier');
  return Promise.all(
    files.map(async (file) => {
      const filepath = path.join(root, file.path);
      const options = await prettier.resolveConfig(filepath);
      return { ...file, content: await prettier.format(file.content, { ...options, filepath }) };
    }),
  );
}

/** The generated files that are there already. */
export function existing(root: string, files: GeneratedFile[]): string[] {
  return files.filter((file) => existsSync(path.join(root, file.path))).map((file) => file.path);
}

export function writeFiles(root: string, files: GeneratedFile[]): void {
  for (const file of files) {
    const target = path.join(root, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
}
