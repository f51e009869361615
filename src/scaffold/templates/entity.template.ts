import { FieldSpec, isSortable, relationName, ResourceSpec } from '../field-spec';
import { snakeCase } from '../naming';
import { enumNames } from './enum-names';
import { importLine, lines, literal, quote } from './source';

function columnOptions(spec: ResourceSpec, field: FieldSpec): string {
  const { type } = field;
  const options: string[] = [];
  switch (type.kind) {
    case 'string':
    case 'text':
      options.push('type: String', `length: ${type.length}`);
      break;
    case 'int':
    case 'ref':
      options.push("type: 'int'");
      break;
    case 'decimal':
      options.push("type: 'decimal'", `precision: ${type.precision}`, `scale: ${type.scale}`, 'transformer: decimalToNumber');
      break;
    case 'bool':
      options.push('type: Boolean');
      break;
    case 'datetime':
      options.push('type: Date');
      break;
    case 'enum':
      options.push("type: 'simple-enum'", `enum: ${enumNames(spec.names, field).values}`);
      break;
  }
  if (field.nullable) options.push('nullable: true');
  if (field.default !== undefined) options.push(`default: ${literal(field.default)}`);
  return `{ ${options.join(', ')} }`;
}

function propertyType(spec: ResourceSpec, field: FieldSpec): string {
  const base = { string: 'string', text: 'string', int: 'number', ref: 'number', decimal: 'number', bool: 'boolean', datetime: 'Date' }[
    field.type.kind as Exclude<FieldSpec['type']['kind'], 'enum'>
  ];
  const type = field.type.kind === 'enum' ? enumNames(spec.names, field).type : base;
  return field.nullable ? `${type} | null` : type;
}

function column(spec: ResourceSpec, field: FieldSpec): string {
  const property = `  @Column(${columnOptions(spec, field)})\n  ${field.name}: ${propertyType(spec, field)};`;
  if (field.type.kind !== 'ref') return property;
  const target = field.type.target.className;
  const orNull = field.nullable ? ' | null' : '';
  return [
    `  @Index()\n${property}`,
    `  @ManyToOne(() => ${target}, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })\n  @JoinColumn({ name: ${quote(snakeCase(field.name))} })\n  ${relationName(field)}?: ${target}${orNull};`,
  ].join('\n\n');
}

function enumConstants(spec: ResourceSpec): string[] {
  return spec.fields.flatMap((field) => {
    if (field.type.kind !== 'enum') return [];
    const { values, type } = enumNames(spec.names, field);
    return [
      `export const ${values} = [${field.type.values.map(quote).join(', ')}] as const;\nexport type ${type} = (typeof ${values})[number];`,
    ];
  });
}

/** `src/entities/<name>.entity.ts`: the table, as product.entity.ts declares its own. */
export function entityTemplate(spec: ResourceSpec): string {
  const { names, fields } = spec;
  const refs = fields.flatMap((field) => (field.type.kind === 'ref' ? [field.type.target] : []));
  const uniques = fields.filter((field) => field.unique);
  const sortable = [...fields.filter(isSortable).map((field) => field.name), 'createdAt', 'updatedAt'];
  const typeorm = ['Column', 'Entity', 'Index', ...(uniques.length ? ['Unique'] : []), ...(refs.length ? ['JoinColumn', 'ManyToOne'] : [])];
  const why = [
    ...(uniques.length ? ['Uniques are named explicitly: MariaDB stores them as indexes and would otherwise name them like one.'] : []),
    `One (field, id) index per sort field (${names.constant}_SORT_FIELDS), so sorted and cursor pages stay index reads.`,
  ];
  return lines(
    importLine(typeorm, 'typeorm'),
    fields.some((field) => field.type.kind === 'decimal') && "import { decimalToNumber } from './column-transformers';",
    "import { EntityBase } from './entity-base';",
    ...[...new Map(refs.map((ref) => [ref.className, ref])).values()].map((ref) => importLine([ref.className], `./${ref.entityFile}`)),
    '',
    ...enumConstants(spec).map((block) => `${block}\n`),
    why.length === 1 ? `/** ${why[0]} */` : `/**\n${why.map((line) => ` * ${line}`).join('\n')}\n */`,
    `@Entity(${quote(names.table)})`,
    ...uniques.map((field) => `@Unique(${quote(`UQ_${names.table}_${snakeCase(field.name)}`)}, [${quote(field.name)}])`),
    ...sortable.map((name) => `@Index([${quote(name)}, 'id'])`),
    `export class ${names.className} extends EntityBase {`,
    fields.map((field) => column(spec, field)).join('\n\n'),
    '}',
  );
}
