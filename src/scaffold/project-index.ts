import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReferencedEntity } from './field-spec';
import type { ProjectIndex } from './parse-field';

function sources(dir: string, suffix: string): Array<{ file: string; source: string }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(suffix))
    .sort()
    .map((file) => ({ file: file.slice(0, -'.ts'.length), source: readFileSync(path.join(dir, file), 'utf8') }));
}

/**
 * The entities a `ref(...)` can name, read from the source files as they are now (the scaffold does not load
 * TypeORM): an `@Entity` class in src/entities, with the repository in src/repositories that extends
 * `CrudRepository<ThatClass>`.
 */
export function readProjectIndex(root: string): ProjectIndex {
  const repositories = new Map<string, { repositoryClass: string; repositoryFile: string }>();
  for (const { file, source } of sources(path.join(root, 'src', 'repositories'), '.repository.ts')) {
    for (const match of source.matchAll(/export class (\w+) extends CrudRepository<(\w+)>/g)) {
      repositories.set(match[2], { repositoryClass: match[1], repositoryFile: file });
    }
  }
  const entities = new Map<string, ReferencedEntity>();
  for (const { file, source } of sources(path.join(root, 'src', 'entities'), '.entity.ts')) {
    for (const match of source.matchAll(/@Entity\([^)]*\)[\s\S]*?export class (\w+)/g)) {
      const repository = repositories.get(match[1]);
      if (repository) entities.set(match[1], { className: match[1], entityFile: file, ...repository });
    }
  }
  const factoriesFile = path.join(root, 'test', 'support', 'factories.ts');
  const factories = existsSync(factoriesFile) ? readFileSync(factoriesFile, 'utf8') : '';
  return {
    entity: (className) => entities.get(className),
    entityNames: () => [...entities.keys()],
    hasFactory: (className) => new RegExp(`export (?:async )?function create${className}\\(`).test(factories),
  };
}
