import { FieldSpec, isFilter, ResourceSpec } from '../field-spec';
import { referencedRepositories } from './references';
import { block, importLine, lines, quote } from './source';

function filterRules(fields: FieldSpec[]): string {
  const rules = fields.filter(isFilter).map((field) => `${field.name}: { field: ${quote(field.name)}, op: 'eq' }`);
  if (rules.length <= 1) return `{${rules.length ? ` ${rules[0]} ` : ''}}`;
  return `{\n${rules.map((rule) => `      ${rule},`).join('\n')}\n    }`;
}

/** `src/services/<plural>.service.ts`: CrudService with the filters, plus the checks refs and datetimes need. */
export function serviceTemplate(spec: ResourceSpec): string {
  const { names, fields } = spec;
  const generics = `${names.className}, Create${names.className}Dto, Update${names.className}Dto, List${names.pluralClass}Query`;
  const repositories = referencedRepositories(spec);
  const refs = fields.filter((field) => field.type.kind === 'ref');
  const datetimes = fields.filter((field) => field.type.kind === 'datetime').map((field) => field.name);
  const overrides = refs.length > 0 || datetimes.length > 0;
  const prepare = (dto: string) => (datetimes.length ? `withDates(${dto})` : dto);
  const constructor = repositories.length
    ? [
        '  constructor(',
        `    repository: ${names.pluralClass}Repository,`,
        ...repositories.map((repository) => `    private readonly ${repository.variable}: ${repository.repositoryClass},`),
        '  ) {',
      ]
    : [`  constructor(repository: ${names.pluralClass}Repository) {`];

  return lines(
    `import type { ${names.className} } from '../entities/${names.kebab}.entity';`,
    importLine(
      [`Create${names.className}Dto`, `List${names.pluralClass}Query`, `Update${names.className}Dto`],
      `../entities/${names.kebab}.dto`,
      true,
    ),
    refs.length > 0 && "import { ReferenceNotFoundError } from '../errors/app-error';",
    `import type { ${names.pluralClass}Repository } from '../repositories/${names.pluralKebab}.repository';`,
    ...repositories.map(
      (repository) => `import type { ${repository.repositoryClass} } from '../repositories/${repository.repositoryFile}';`,
    ),
    overrides && "import type { Actor } from './actor';",
    "import { CrudService } from './crud.service';",
    '',
    datetimes.length > 0 &&
      block(
        `const DATETIME_FIELDS = [${datetimes.map(quote).join(', ')}] as const;`,
        '',
        '/** ISO 8601 text from the API as the Date the column stores (TypeORM would read a date-only value in local time). */',
        'function withDates<T extends object>(dto: T): T {',
        '  const converted = { ...dto } as Record<string, unknown>;',
        '  for (const field of DATETIME_FIELDS) {',
        "    if (typeof converted[field] === 'string') converted[field] = new Date(converted[field]);",
        '  }',
        '  return converted as T;',
        '}',
        '',
      ),
    `export class ${names.pluralClass}Service extends CrudService<${generics}> {`,
    ...constructor,
    `    super(${quote(names.className)}, repository, ${filterRules(fields)});`,
    '  }',
    refs.length > 0 &&
      block(
        '',
        '  /** A clear 422 in the common case; the foreign key still guards the race (see translate-driver-error.ts). */',
        `  private async assertReferencesExist(dto: Update${names.className}Dto): Promise<void> {`,
        ...refs.map((field) => {
          const { className, variable } = repositories.find(
            (repository) => field.type.kind === 'ref' && repository.className === field.type.target.className,
          )!;
          return block(
            `    if (dto.${field.name} != null && !(await this.${variable}.findById(dto.${field.name}))) {`,
            `      throw new ReferenceNotFoundError(${quote(field.name)}, ${quote(className)});`,
            '    }',
          );
        }),
        '  }',
      ),
    overrides &&
      block(
        '',
        `  override async create(dto: Create${names.className}Dto, actor?: Actor): Promise<${names.className}> {`,
        refs.length > 0 && '    await this.assertReferencesExist(dto);',
        `    return super.create(${prepare('dto')}, actor);`,
        '  }',
        '',
        `  override async update(id: number, dto: Update${names.className}Dto, actor?: Actor): Promise<${names.className}> {`,
        refs.length > 0 && '    await this.assertReferencesExist(dto);',
        `    return super.update(id, ${prepare('dto')}, actor);`,
        '  }',
      ),
    '}',
  );
}
