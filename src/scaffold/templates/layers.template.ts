import type { ResourceSpec } from '../field-spec';
import { upperFirst } from '../naming';
import { referencedRepositories } from './references';
import { importLine, lines, quote } from './source';

/** `src/repositories/<plural>.repository.ts`: a thin subclass, so it inherits every change to CrudRepository. */
export function repositoryTemplate({ names }: ResourceSpec): string {
  return lines(
    "import { DataSource } from 'typeorm';",
    `import { ${names.className} } from '../entities/${names.kebab}.entity';`,
    "import { CrudRepository } from './crud.repository';",
    '',
    `export class ${names.pluralClass}Repository extends CrudRepository<${names.className}> {`,
    '  constructor(dataSource: DataSource) {',
    `    super(dataSource, ${names.className});`,
    '  }',
    '}',
  );
}

/** `src/routes/<plural>.routes.ts`: the CRUD routes from the DTO classes. */
export function routesTemplate({ names }: ResourceSpec): string {
  const dtos = [
    `Create${names.className}Dto`,
    `List${names.pluralClass}Query`,
    `${names.className}ResponseDto`,
    `Update${names.className}Dto`,
  ];
  return lines(
    "import type { FastifyInstance } from 'fastify';",
    importLine(dtos, `../entities/${names.kebab}.dto`),
    "import { registerCrudRoutes } from './crud-routes';",
    '',
    `export async function ${names.pluralCamel}Routes(app: FastifyInstance): Promise<void> {`,
    '  registerCrudRoutes(app, {',
    `    resource: ${quote(names.words)},`,
    `    tag: ${quote(upperFirst(names.pluralWords))},`,
    `    service: app.services.${names.pluralCamel},`,
    `    dto: { create: Create${names.className}Dto, update: Update${names.className}Dto, response: ${names.className}ResponseDto, list: List${names.pluralClass}Query },`,
    '  });',
    '}',
  );
}

/** `src/modules/<plural>.module.ts`: found at boot by its file name; declares its service and where its routes mount. */
export function moduleTemplate(spec: ResourceSpec): string {
  const { names } = spec;
  const repositories = referencedRepositories(spec);
  const services = [`new ${names.pluralClass}Repository(db)`, ...repositories.map((repository) => `new ${repository.repositoryClass}(db)`)];
  return lines(
    ...[
      {
        line: `import { ${names.pluralClass}Repository } from '../repositories/${names.pluralKebab}.repository';`,
        key: `${names.pluralKebab}.repository`,
      },
      ...repositories.map((repository) => ({
        line: `import { ${repository.repositoryClass} } from '../repositories/${repository.repositoryFile}';`,
        key: repository.repositoryFile,
      })),
    ]
      .sort((a, b) => a.key.localeCompare(b.key))
      .map(({ line }) => line),
    `import { ${names.pluralCamel}Routes } from '../routes/${names.pluralKebab}.routes';`,
    `import { ${names.pluralClass}Service } from '../services/${names.pluralKebab}.service';`,
    "import { defineModule } from './app-module';",
    '',
    "declare module './app-module' {",
    '  interface Services {',
    `    ${names.pluralCamel}: ${names.pluralClass}Service;`,
    '  }',
    '}',
    '',
    'export default defineModule({',
    `  services: ({ db }) => ({ ${names.pluralCamel}: new ${names.pluralClass}Service(${services.join(', ')}) }),`,
    `  routes: { prefix: '/api/v1/${names.pluralKebab}', plugin: ${names.pluralCamel}Routes },`,
    '});',
  );
}
