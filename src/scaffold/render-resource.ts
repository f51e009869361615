import type { ResourceSpec } from './field-spec';
import { dtoTemplate } from './templates/dto.template';
import { entityTemplate } from './templates/entity.template';
import { moduleTemplate, repositoryTemplate, routesTemplate } from './templates/layers.template';
import { seedTemplate } from './templates/seed.template';
import { serviceTemplate } from './templates/service.template';
import { testTemplate } from './templates/test.template';

export interface GeneratedFile {
  /** Relative to the project root, with `/`. */
  path: string;
  content: string;
}

/**
 * Every file of a new resource, in the places the hand-written ones live. Nothing else changes: the module is
 * found by its file name at boot, the entity by TypeORM's glob, the seed by `npm run seed`.
 */
export function renderResource(spec: ResourceSpec): GeneratedFile[] {
  const { kebab, pluralKebab } = spec.names;
  const seed = seedTemplate(spec);
  return [
    { path: `src/entities/${kebab}.entity.ts`, content: entityTemplate(spec) },
    { path: `src/entities/${kebab}.dto.ts`, content: dtoTemplate(spec) },
    { path: `src/repositories/${pluralKebab}.repository.ts`, content: repositoryTemplate(spec) },
    { path: `src/services/${pluralKebab}.service.ts`, content: serviceTemplate(spec) },
    { path: `src/routes/${pluralKebab}.routes.ts`, content: routesTemplate(spec) },
    { path: `src/modules/${pluralKebab}.module.ts`, content: moduleTemplate(spec) },
    ...(seed ? [{ path: `src/seeds/${pluralKebab}.seed.ts`, content: seed }] : []),
    { path: `test/routes/${pluralKebab}.routes.test.ts`, content: testTemplate(spec) },
  ];
}
