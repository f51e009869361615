import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { copyProject, ProjectCopy } from '../support/project-copy';

/** The issue's example, as Gadget since Product exists (quoted as the --help says, for the shell's ( and ?). */
const GADGET =
  "Gadget name:string:255 price:decimal:10,2 quantity:int=0 isActive:bool=true 'status:enum(active,inactive)' 'userId:ref(User)?'";
/** Every type and modifier once, a reference to a resource other than User, and the quote-free enum/ref forms. */
const BOOKING =
  "Booking code:string:12:unique title:string:3=abc notes:text? startsAt:datetime 'endsAt:datetime?' seats:int:unique " +
  "ratio:decimal:3,3 'total:decimal:12,0?' kind:enum:a,b,c=b 'tier:enum(gold,silver)?' productId:ref:Product 'reviewerId:ref(User)?' " +
  "isPaid:bool 'isGift:bool?'";
const filesOf = (name: string, plural: string) => [
  `src/entities/${name}.entity.ts`,
  `src/entities/${name}.dto.ts`,
  `src/repositories/${plural}.repository.ts`,
  `src/services/${plural}.service.ts`,
  `src/routes/${plural}.routes.ts`,
  `src/modules/${plural}.module.ts`,
  `src/seeds/${plural}.seed.ts`,
  `test/routes/${plural}.routes.test.ts`,
];
const GADGET_FILES = filesOf('gadget', 'gadgets');
const GENERATED = [...GADGET_FILES, ...filesOf('booking', 'bookings')];

/**
 * What a new user does, in a throwaway copy of the project: make:resource, migration:generate, migration:run,
 * then the new resources compile, are lint-clean, serve their routes, seed, and pass their own generated tests.
 * SQLite only (the copy does not see the TEST_*_URL variables); the templates were checked on PostgreSQL and
 * MariaDB by running the same generated tests there.
 */
describe('make:resource, end to end', () => {
  let copy: ProjectCopy;
  const step = async (script: string): Promise<string> => {
    const { code, output } = await copy.run(script);
    if (code !== 0) throw new Error(`${script} exited ${code}:\n${output}`);
    return output;
  };

  beforeAll(async () => {
    copy = copyProject();
    // a database that is up to date, as `npm start` leaves it
    await step('npm run -s migration:run');
  });
  afterAll(() => copy?.remove());

  it('refuses to overwrite an existing resource without --force, listing the files, and writes nothing', async () => {
    const before = readFileSync(path.join(copy.dir, 'src/entities/product.entity.ts'), 'utf8');
    const result = await copy.run(`npm run -s make:resource -- ${GADGET.replace('Gadget', 'Product')}`);
    expect(result.code).toBe(1);
    expect(result.output).toContain('Product: these files exist already, nothing written (--force overwrites them):');
    expect(result.output).toContain('  src/entities/product.entity.ts');
    expect(result.output).toContain('  src/routes/products.routes.ts');
    expect(readFileSync(path.join(copy.dir, 'src/entities/product.entity.ts'), 'utf8')).toBe(before);
  });

  it('refuses bad input with exit code 2 and a one-line message naming the token', async () => {
    const result = await copy.run("npm run -s make:resource -- Gadget name:string:255 'status:enum(active,active)'");
    expect(result).toEqual({ code: 2, output: 'status:enum(active,active): enum value "active" is listed twice\n' });
  });

  it('explains the syntax with --help, and --dry-run prints the files without writing them', async () => {
    expect(await step('npm run -s make:resource -- --help')).toContain(
      'npm run make:resource -- Gadget name:string:255 price:decimal:10,2',
    );
    const dry = await step(`npm run -s make:resource -- ${GADGET} --dry-run`);
    for (const file of GADGET_FILES) expect(dry).toContain(`// ${file}\n`);
    expect(dry).toContain('export class Gadget extends EntityBase {');
    expect(GADGET_FILES.filter((file) => existsSync(path.join(copy.dir, file)))).toEqual([]);
  });

  it('writes resources; migration:generate and migration:run make their tables; they compile, lint, serve, seed and pass their tests', async () => {
    expect(await step(`npm run -s make:resource -- ${GADGET}`)).toContain(
      `wrote 8 files:\n${GADGET_FILES.map((file) => `  ${file}`).join('\n')}`,
    );
    const gadgets = await step('npm run -s migration:generate -- AddGadgets');
    expect(gadgets).toContain('+ create table gadgets (9 columns, 6 indexes, 1 foreign key)');
    expect(gadgets).toMatch(/wrote src\/migrations\/\d+-AddGadgets\.ts/);
    expect(await step('npm run -s migration:run')).toMatch(/applied AddGadgets\d+/);

    await step(`npm run -s make:resource -- ${BOOKING}`);
    expect(await step('npm run -s migration:generate -- AddBookings')).toContain(
      '+ create table bookings (17 columns, 2 uniques, 9 indexes, 2 foreign keys)',
    );
    await step('npm run -s migration:run');
    expect(await step('npm run -s migration:generate -- --check')).toContain('No changes: the database matches the entities.');

    await step(`npx tsc --noEmit -p tsconfig.json && npx prettier --check ${GENERATED.join(' ')} && npx eslint ${GENERATED.join(' ')}`);

    // the real server, on a port of its own (its output in a file: an open pipe would keep the step waiting)
    const port = 20_000 + (process.pid % 10_000);
    const served = await step(
      `API_PORT=${port} LOG_LEVEL=warn node_modules/.bin/ts-node --swc src/server.ts > server.log 2>&1 & server=$!\n` +
        `trap 'kill $server' EXIT\n` +
        `for _ in $(seq 1 60); do curl -sf localhost:${port}/health/live >/dev/null && break; sleep 0.5; done\n` +
        `curl -s localhost:${port}/api/v1/gadgets; echo; curl -s localhost:${port}/openapi.json | grep -o '"/api/v1/bookings/{id}"' | head -1`,
    );
    const [list, documented] = served.trim().split('\n');
    expect(JSON.parse(list)).toEqual({ data: [], pagination: expect.objectContaining({ page: 1, pageSize: 20, totalItems: 0 }) });
    expect(documented).toBe('"/api/v1/bookings/{id}"');

    const seeded = await step('npm run -s seed && npm run -s seed');
    expect(seeded).toContain('gadgets: 5 added, 0 already there');
    expect(seeded).toContain('bookings: 5 added, 0 already there');
    expect(seeded).toContain('bookings: 0 added, 5 already there');

    const tested = await step('npx jest test/routes/gadgets.routes.test.ts test/routes/bookings.routes.test.ts 2>&1');
    expect(tested).toMatch(/Tests: +\d+ skipped, \d+ passed, \d+ total/);
    expect(tested).toContain('Test Suites: 2 passed, 2 total');
  }, 300_000);

  it('overwrites with --force', async () => {
    const again = await copy.run(`npm run -s make:resource -- ${GADGET}`);
    expect(again.code).toBe(1);
    expect(again.output).toContain(GADGET_FILES.map((file) => `  ${file}`).join('\n'));
    expect(await step(`npm run -s make:resource -- ${GADGET} --force`)).toContain('wrote 8 files (8 overwritten):');
  });
});
