import { FieldSpec, isSortable, relationName, ResourceSpec } from './field-spec';
import { resourceNames, snakeCase } from './naming';
import { parseField, ProjectIndex } from './parse-field';
import { UsageError } from './usage-error';

/** Names every entity already has (EntityBase), the list query's own parameters, and what would break a class. */
const RESERVED_FIELDS: Record<string, string> = {
  id: 'every resource has it already (EntityBase)',
  createdAt: 'every resource has it already (EntityBase)',
  updatedAt: 'every resource has it already (EntityBase)',
  page: 'it is a list query parameter',
  pageSize: 'it is a list query parameter',
  cursor: 'it is a list query parameter',
  withTotal: 'it is a list query parameter',
  sort: 'it is a list query parameter',
  constructor: 'it would replace the class constructor',
};

/** Names the generated files import, which a resource of the same name would shadow. */
const RESERVED_RESOURCES = new Set(['Column', 'Entity', 'Index', 'JoinColumn', 'ManyToOne', 'Unique', 'EntityBase', 'DataSource', 'In']);

/** PostgreSQL cuts identifiers at 63 characters (MariaDB 64, SQL Server 128); a cut name would no longer match. */
const MAX_IDENTIFIER = 63;

function checkResourceName(name: string | undefined, what: string): string {
  if (!name) throw new UsageError('name the resource first, e.g. npm run make:resource -- Gadget name:string:255 (see --help)');
  if (!/^[A-Z][a-zA-Z0-9]*$/.test(name))
    throw new UsageError(`${name}: the ${what} must be PascalCase (letters and digits, starting with a capital), e.g. Gadget or OrderLine`);
  if (RESERVED_RESOURCES.has(name)) throw new UsageError(`${name}: the generated files import a ${name} already; choose another name`);
  return name;
}

function checkFieldName(field: FieldSpec, token: string): void {
  if (!/^[a-z][a-zA-Z0-9]*$/.test(field.name)) {
    throw new UsageError(`${token}: field name "${field.name}" must be camelCase (letters and digits, starting with a lowercase letter)`);
  }
  const reserved = RESERVED_FIELDS[field.name];
  if (reserved) throw new UsageError(`${token}: "${field.name}" is reserved: ${reserved}`);
}

/** The longest names the database will see: the sort index, the unique and the foreign key. */
function identifiers(table: string, field: FieldSpec): string[] {
  const column = snakeCase(field.name);
  return [
    ...(isSortable(field) ? [`IX_${table}_${column}_id`] : []),
    ...(field.unique ? [`UQ_${table}_${column}`] : []),
    ...(field.type.kind === 'ref' ? [`FK_${table}_${column}`, `IX_${table}_${column}`] : []),
  ];
}

export interface ResourceArguments {
  name: string | undefined;
  fields: string[];
  plural?: string;
}

/** The whole command line (`Gadget name:string:255 ...`) → the resource, or the first UsageError. */
export function parseResource(args: ResourceArguments, project: ProjectIndex): ResourceSpec {
  const className = checkResourceName(args.name, 'resource name');
  const plural = args.plural === undefined ? undefined : checkResourceName(args.plural, '--plural');
  if (plural === className)
    throw new UsageError(`--plural ${plural}: the plural must differ from the name (file and variable names would collide)`);
  const names = resourceNames(className, plural);
  if (!args.fields.length) throw new UsageError(`${className}: give at least one field, e.g. name:string:255 (see --help)`);

  const fields: FieldSpec[] = [];
  const taken = new Map<string, string>();
  for (const token of args.fields) {
    const field = parseField(token, project);
    checkFieldName(field, token);
    const claimed = field.type.kind === 'ref' ? [field.name, relationName(field)] : [field.name];
    for (const name of claimed) {
      const earlier = taken.get(name);
      if (earlier) throw new UsageError(`${token}: "${name}" is already used by ${earlier}`);
      taken.set(name, token);
    }
    const tooLong = identifiers(names.table, field).find((id) => id.length > MAX_IDENTIFIER);
    if (tooLong)
      throw new UsageError(
        `${token}: the database name ${tooLong} would be ${tooLong.length} characters (at most ${MAX_IDENTIFIER}); shorten the field or resource name`,
      );
    fields.push(field);
  }
  return { names, fields };
}
