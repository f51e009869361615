import { block, quote } from './source';
import { describeList, TestFacts } from './test-facts';

/** The list block, on a database of its own: default order, pages, every sort field both ways, filters, bad parameters. */
export function listTests({ names, fields, route, body, refs, sortable, filters }: TestFacts): string {
  const sortFields = ['id', ...sortable.map((field) => field.name), 'createdAt', 'updatedAt'];
  const unknownParameter = ['unknownParameter', 'notAParameter'].find((name) => !fields.some((field) => field.name === name));
  return block(
    `  /** A database of its own, so the list holds exactly the ${names.pluralWords} made here. */`,
    `  describe('GET ${route} (list)', () => {`,
    '    let l: TestApp;',
    '    let listHeaders: { authorization: string };',
    `    let made: ${body}[];`,
    '    beforeAll(async () => {',
    '      l = await startTestApp(engine);',
    `      const { headers: writeHeaders${refs.length ? ', references: listReferences' : ''} } = await setUp(l.app);`,
    '      listHeaders = writeHeaders;',
    '      made = [];',
    '      // n = 3, 1, 2: the ids grow with each row while the sort fields do not',
    '      for (const n of [3, 1, 2]) {',
    `        const payload = valid${names.className}(${refs.length ? 'listReferences, ' : ''}n);`,
    "        const response = await l.app.inject({ method: 'POST', url: ROUTE, headers: writeHeaders, payload });",
    '        if (response.statusCode !== 201) throw new Error(`create: ${response.statusCode} ${response.body}`);',
    '        made.push(response.json());',
    '      }',
    '    });',
    '    afterAll(async () => {',
    '      await l?.close();',
    '    });',
    '    const list = (query: string) => l.app.inject({ url: `${ROUTE}?${query}`, headers: listHeaders });',
    `    const ids = async (query: string) => (await list(query)).json().data.map((row: ${body}) => row.id);`,
    '',
    "    it('lists by id by default, with pagination', async () => {",
    "      const response = await list('');",
    '      expect(response.statusCode).toBe(200);',
    '      expect(response.json().data).toEqual(made);',
    '      expect(response.json().pagination).toMatchObject({ page: 1, pageSize: 20, totalItems: 3, totalPages: 1 });',
    '    });',
    '',
    "    it('pages', async () => {",
    "      const first = (await list('page=1&pageSize=2')).json();",
    '      expect(first.data).toEqual([made[0], made[1]]);',
    '      expect(first.pagination).toMatchObject({ page: 1, pageSize: 2, totalItems: 3, totalPages: 2 });',
    "      expect((await list('page=2&pageSize=2')).json().data).toEqual([made[2]]);",
    '    });',
    '',
    "    it('sorts ascending and descending', async () => {",
    '      const [third, first, second] = made.map((row) => row.id);',
    "      expect(await ids('sort=-id')).toEqual([second, first, third]);",
    ...sortable.flatMap((field) => [
      `      expect(await ids('sort=${field.name}')).toEqual([first, second, third]);`,
      `      expect(await ids('sort=-${field.name}')).toEqual([third, second, first]);`,
    ]),
    '    });',
    filters.length > 0 &&
      block(
        '',
        `    /** The ids of the rows whose \`field\` equals the first row's: what filtering by that value returns. */`,
        `    const like = (field: keyof ${body}) => made.filter((row) => row[field] === made[0][field]).map((row) => row.id);`,
        '',
        `    it('filters by ${describeList(filters.map((field) => field.name))}', async () => {`,
        ...filters.map(
          (field) => `      expect(await ids(\`${field.name}=\${made[0].${field.name}}\`)).toEqual(like(${quote(field.name)}));`,
        ),
        '    });',
      ),
    '',
    "    it('refuses an unknown sort field and unknown parameters', async () => {",
    `      expectValidationError(await list('sort=nope'), 'sort', 'must be a comma list of ${sortFields.join(', ')}');`,
    `      expectValidationError(await list('${unknownParameter}=1'), '${unknownParameter}', 'is not an allowed field');`,
    '    });',
    '  });',
  );
}
