import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { AppModule } from './app-module';

const MODULE_FILE = /\.module\.(ts|js)$/;

function isAppModule(value: unknown): value is AppModule {
  if (typeof value !== 'object' || value === null) return false;
  const { services, routes } = value as Record<string, unknown>;
  return (services === undefined || typeof services === 'function') && (routes === undefined || typeof routes === 'object');
}

/**
 * Every `*.module.ts` (or `.js` once built) beside this file, in file-name order, as TypeORM finds entities by glob:
 * adding a resource means adding its files, never registering it in a list.
 */
export function loadModules(directory = __dirname): Array<{ file: string; module: AppModule }> {
  return readdirSync(directory)
    .filter((file) => MODULE_FILE.test(file) && !file.endsWith('.d.ts'))
    .sort()
    .map((file) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- discovery by file name needs a dynamic require
      const exported: unknown = require(path.join(directory, file)).default;
      if (!isAppModule(exported)) {
        throw new Error(`${file} must \`export default defineModule({ services?, routes? })\` (src/modules/app-module.ts)`);
      }
      return { file, module: exported };
    });
}
