import { decimalMax, FieldSpec, isFilter, isRequired, isSortable, ResourceSpec } from '../field-spec';
import { constantCase } from '../naming';
import { enumNames } from './enum-names';
import { importLine, lines, literal } from './source';

/** The decorators that name a class-validator import, and the module each comes from. */
const SOURCES: Record<string, string> = {
  IsBoolean: 'class-validator',
  IsIn: 'class-validator',
  IsInt: 'class-validator',
  IsNumber: 'class-validator',
  IsString: 'class-validator',
  Max: 'class-validator',
  Min: 'class-validator',
  Nullable: '../dto/presence',
  Optional: '../dto/presence',
  IsIsoInstant: '../dto/rules',
  MaxDecimalPlaces: '../dto/rules',
  TextLength: '../dto/rules',
};

const maxConstant = (field: FieldSpec) => `MAX_${constantCase(field.name)}`;

/** The rules of one field's value, without presence (Optional/Nullable), as the hand-written DTOs spell them. */
function valueRules(spec: ResourceSpec, field: FieldSpec): string[] {
  const { type } = field;
  switch (type.kind) {
    case 'string':
      return ['IsString()', `TextLength(1, ${type.length})`];
    case 'text':
      return ['IsString()', `TextLength(0, ${type.length})`];
    case 'int':
      return ['IsInt()', 'Min(MIN_INT)', 'Max(MAX_INT)'];
    case 'decimal': {
      const bounds = [`Min(-${maxConstant(field)})`, `Max(${maxConstant(field)})`];
      return type.scale === 0 ? ['IsInt()', ...bounds] : ['IsNumber()', `MaxDecimalPlaces(${type.scale})`, ...bounds];
    }
    case 'bool':
      return ['IsBoolean()'];
    case 'datetime':
      return ['IsIsoInstant()'];
    case 'enum':
      return [`IsIn(${enumNames(spec.names, field).values})`];
    case 'ref':
      return ['IsInt()', 'Min(1)', 'Max(MAX_INT)'];
  }
}

function tsType(spec: ResourceSpec, field: FieldSpec): string {
  switch (field.type.kind) {
    case 'enum':
      return enumNames(spec.names, field).type;
    case 'bool':
      return 'boolean';
    case 'string':
    case 'text':
    case 'datetime':
      return 'string';
    default:
      return 'number';
  }
}

/** A request field: `@Nullable()` for a nullable column, `@Optional()` when the database has a default. */
function requestProperty(spec: ResourceSpec, field: FieldSpec): { decorators: string[]; declaration: string } {
  const presence = field.nullable ? ['Nullable()'] : isRequired(field) ? [] : ['Optional()'];
  const type = `${tsType(spec, field)}${field.nullable ? ' | null' : ''}`;
  return { decorators: [...presence, ...valueRules(spec, field)], declaration: `${field.name}${isRequired(field) ? '' : '?'}: ${type};` };
}

function block(properties: Array<{ decorators: string[]; declaration: string }>): string {
  return properties.map(({ decorators, declaration }) => `${decorators.map((d) => `  @${d}`).join('\n')}\n  ${declaration}`).join('\n\n');
}

function classWith(header: string, body: string): string {
  return body ? `${header} {\n${body}\n}` : `${header} {}`;
}

function constants(spec: ResourceSpec): string[] {
  const decimals = spec.fields.flatMap((field) => {
    if (field.type.kind !== 'decimal') return [];
    const { precision, scale } = field.type;
    const max = decimalMax(precision, scale);
    return [
      `/** DECIMAL(${precision},${scale}) holds up to ${max.toLocaleString('en-US', { maximumFractionDigits: scale })}. */\nconst ${maxConstant(field)} = ${literal(max)};`,
    ];
  });
  const kinds = new Set(spec.fields.map((field) => field.type.kind));
  return [
    ...decimals,
    ...(kinds.has('int') ? ['const MIN_INT = -2_147_483_648;'] : []),
    ...(kinds.has('int') || kinds.has('ref') ? ['const MAX_INT = 2_147_483_647;'] : []),
  ];
}

/** `src/entities/<name>.dto.ts`: Base / Create / Update / Response / List query, as product.dto.ts has them. */
export function dtoTemplate(spec: ResourceSpec): string {
  const { names, fields } = spec;
  const own = fields.filter((field) => field.type.kind !== 'ref');
  const refs = fields.filter((field) => field.type.kind === 'ref');
  const filters = fields.filter(isFilter);
  const sortFields = ['id', ...fields.filter(isSortable).map((field) => field.name), 'createdAt', 'updatedAt'];

  const base = own.map((field) => requestProperty(spec, field));
  const create = refs.map((field) => requestProperty(spec, field));
  const response = refs.map(
    (field) => `  @${field.nullable ? 'Nullable() @' : ''}IsInt() ${field.name}: number${field.nullable ? ' | null' : ''};`,
  );
  const query = [
    ...filters.map((field) => ({
      decorators: ['Optional()', ...valueRules(spec, field)],
      declaration: `${field.name}?: ${tsType(spec, field)};`,
    })),
    { decorators: [`SortBy(${names.constant}_SORT_FIELDS)`], declaration: 'sort?: string;' },
  ];

  const decorators = [...base, ...create, ...query].flatMap((property) => property.decorators).concat(response.length ? ['IsInt()'] : []);
  const used = (from: string) => [...new Set(decorators.map((d) => d.replace(/\(.*$/, '')))].filter((name) => SOURCES[name] === from);
  const enums = fields.filter((field) => field.type.kind === 'enum').flatMap((field) => Object.values(enumNames(names, field)));
  const presence = [...used('../dto/presence'), ...(refs.some((field) => field.nullable) ? ['Nullable'] : [])];
  const rules = used('../dto/rules');

  return lines(
    importLine(used('class-validator'), 'class-validator'),
    "import { PageQuery, SortBy } from '../dto/page-query';",
    "import { PartialDto } from '../dto/partial-dto';",
    "import { ResponseDto } from '../dto/response-dto';",
    presence.length > 0 && importLine(presence, '../dto/presence'),
    rules.length > 0 && importLine(rules, '../dto/rules'),
    enums.length > 0 && importLine(enums, `./${names.kebab}.entity`),
    '',
    constants(spec).join('\n'),
    '',
    classWith(`export class ${names.className}Base`, block(base)),
    '',
    classWith(`export class Create${names.className}Dto extends ${names.className}Base`, block(create)),
    '',
    `export class Update${names.className}Dto extends PartialDto(Create${names.className}Dto) {}`,
    '',
    classWith(`export class ${names.className}ResponseDto extends ResponseDto(${names.className}Base)`, response.join('\n')),
    '',
    `export const ${names.constant}_SORT_FIELDS = [${sortFields.map((name) => `'${name}'`).join(', ')}] as const;`,
    '',
    classWith(`export class List${names.pluralClass}Query extends PageQuery`, block(query)),
  );
}
