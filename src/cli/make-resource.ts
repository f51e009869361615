import path from 'node:path';
import { MAX_STRING_LENGTH } from '../scaffold/field-spec';
import { parseResource } from '../scaffold/parse-resource';
import { readProjectIndex } from '../scaffold/project-index';
import { renderResource } from '../scaffold/render-resource';
import { naturalKeyOf } from '../scaffold/templates/seed.template';
import { existing, formatted, writeFiles } from '../scaffold/write-files';
import { CommandSpec, exitWith, runCommand } from './command-line';

type Print = (line: string) => void;

export const MAKE_RESOURCE_HELP = `npm run make:resource -- Name field:type[:args][:unique][=default][?] ... [--plural Names] [--dry-run] [--force]

Writes a new resource as the hand-written ones are written: entity, DTOs (Base / Create / Update / Response /
List query), repository, service, routes, module, seed and integration test. Nothing else needs editing: the
module (routes at /api/v1/<names>) and the entity are found by their file names.

  Name           the entity class, PascalCase and singular: Gadget, OrderLine (table order_lines)
  field:type     camelCase field names; types:
    string:LEN        text up to LEN characters (1 to ${MAX_STRING_LENGTH}); sortable up to 255
    text[:LEN]        longer text, may be empty, never sorted (default LEN ${MAX_STRING_LENGTH})
    int               a 32-bit integer
    decimal:P,S       exact number with P digits, S of them after the point (P up to 15), e.g. 10,2
    bool              true or false
    datetime          an instant, sent and returned as ISO 8601 (2030-01-15T09:30:00Z)
    enum(a,b,...)     one of the values (also enum:a,b)
    ref(Entity)       the id of an existing Entity (also ref:Entity); name it <relation>Id, e.g. userId:ref(User)
  :unique        a named unique constraint (int, or string up to 255); a taken value is a 409
  =default       the database default; the field may then be left out (string, text, int, bool, enum)
  ?              nullable: may be left out or sent as null

  --plural Names  when the English plural is not Name + s/es/ies (e.g. --plural People)
  --dry-run       print the files instead of writing them
  --force         overwrite files that exist
  -h, --help      this text

Example (quote the tokens with ( ) or ?, which the shell would read itself):
  npm run make:resource -- Gadget name:string:255 price:decimal:10,2 quantity:int=0 isActive:bool=true \\
    'status:enum(active,inactive)' 'userId:ref(User)?'
then:
  npm run migration:generate -- AddGadgets && npm run migration:run && npm run dev`;

const MAKE_RESOURCE_COMMAND = {
  help: MAKE_RESOURCE_HELP,
  options: { plural: { type: 'string' }, 'dry-run': { type: 'boolean' }, force: { type: 'boolean' } },
  positionals: { max: Infinity },
} satisfies CommandSpec<Record<string, { type: 'string' | 'boolean' }>>;

/** Runs `make:resource`; returns the exit code (2: a usage error, 1: files exist and no --force). */
export async function makeResourceCli(argv: string[], print: Print, root = path.join(__dirname, '..', '..')): Promise<number> {
  return runCommand(argv, MAKE_RESOURCE_COMMAND, print, async ({ values, positionals }) => {
    const [name, ...fields] = positionals;
    const spec = parseResource({ name, fields, plural: values.plural }, readProjectIndex(root));
    const files = await formatted(root, renderResource(spec));
    if (values['dry-run']) {
      for (const file of files) print(`// ${file.path}\n${file.content}`);
      return 0;
    }
    const taken = existing(root, files);
    if (taken.length && !values.force) {
      print(`${spec.names.className}: these files exist already, nothing written (--force overwrites them):`);
      taken.forEach((file) => print(`  ${file}`));
      return 1;
    }
    writeFiles(root, files);
    print(`wrote ${files.length} files${taken.length ? ` (${taken.length} overwritten)` : ''}:`);
    files.forEach((file) => print(`  ${file.path}`));
    if (!naturalKeyOf(spec)) {
      print(
        `no seed: no unique or required string field tells sample ${spec.names.pluralWords} apart (write src/seeds/${spec.names.pluralKebab}.seed.ts by hand)`,
      );
    }
    print('next:');
    print(`  npm run migration:generate -- Add${spec.names.pluralClass}   # the ${spec.names.table} table`);
    print('  npm run migration:run');
    print(`  npx jest test/routes/${spec.names.pluralKebab}.routes.test.ts`);
    print(`  npm run dev   # /api/v1/${spec.names.pluralKebab}, documented at /docs`);
    return 0;
  });
}

if (require.main === module) {
  exitWith(
    makeResourceCli(process.argv.slice(2), (line) => console.log(line)),
    [],
  );
}
