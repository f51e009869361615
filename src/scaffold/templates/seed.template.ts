import type { FieldSpec, ResourceSpec } from '../field-spec';
import { constantCase, snakeCase, upperFirst } from '../naming';
import { referencedRepositories } from './references';
import { sampleValue } from './samples';
import { importLine, lines, literal, quote } from './source';

export const SEED_ROWS = 5;

/** The field that tells one sample row from another: the first unique field, else the first required string. */
export function naturalKeyOf({ fields }: ResourceSpec): FieldSpec | undefined {
  return fields.find((field) => field.unique) ?? fields.find((field) => field.type.kind === 'string' && !field.nullable);
}

function sampleRow(spec: ResourceSpec, key: FieldSpec, n: number): string {
  const values = spec.fields
    .filter((field) => field.type.kind !== 'ref')
    .map((field) => {
      const label = field === key ? upperFirst(spec.names.words) : upperFirst(snakeCase(field.name).replace(/_/g, ' '));
      return `${field.name}: ${literal(sampleValue(field, n, label))}`;
    });
  return `  { ${values.join(', ')} },`;
}

/** `src/seeds/<plural>.seed.ts`, or undefined when no field can serve as the natural key. */
export function seedTemplate(spec: ResourceSpec): string | undefined {
  const { names, fields } = spec;
  const key = naturalKeyOf(spec);
  if (!key) return undefined;
  const refs = fields.filter((field) => field.type.kind === 'ref');
  const targets = referencedRepositories(spec);
  const rowType = refs.length
    ? `Array<Omit<Create${names.className}Dto, ${refs.map((field) => quote(field.name)).join(' | ')}>>`
    : `Create${names.className}Dto[]`;
  const constant = `SAMPLE_${constantCase(names.pluralClass)}`;
  const variable = names.camel;
  const rows = refs.length
    ? [
        '  rows: async ({ idsOf }) => {',
        ...targets.map((target) => `    const ${target.variable} = await idsOf(${target.className});`),
        `    return ${constant}.map((${variable}, index) => ({`,
        `      ...${variable},`,
        ...refs.map((field) => {
          const target = targets.find((candidate) => field.type.kind === 'ref' && candidate.className === field.type.target.className)!;
          return `      ${field.name}: ${target.variable}[index % ${target.variable}.length],`;
        }),
        '    }));',
        '  },',
      ]
    : [`  rows: () => ${constant},`];

  return lines(
    `import type { Create${names.className}Dto } from '../entities/${names.kebab}.dto';`,
    `import { ${names.className} } from '../entities/${names.kebab}.entity';`,
    ...targets.map((target) => importLine([target.className], `../entities/${target.entityFile}`)),
    "import { defineSeed } from './seed';",
    '',
    `/** Sample ${names.pluralWords} for a development database: edit freely; a row whose ${key.name} is in the table already is left alone. */`,
    `const ${constant}: ${rowType} = [`,
    ...Array.from({ length: SEED_ROWS }, (_, index) => sampleRow(spec, key, index + 1)),
    '];',
    '',
    'export default defineSeed({',
    `  entity: ${names.className},`,
    `  naturalKey: ${quote(key.name)},`,
    ...rows,
    `  create: (${variable}, { services }) => services.${names.pluralCamel}.create(${variable}),`,
    '});',
  );
}
