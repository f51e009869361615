import type { ResourceSpec } from '../field-spec';
import { sampleExpression } from './samples';
import { importLine, lines } from './source';
import { createTests } from './test-create.template';
import { bodyType, factoryOf, referenceSource, testFacts } from './test-facts';
import { listTests } from './test-list.template';
import { recordTests } from './test-record.template';

/** `test/routes/<plural>.routes.test.ts`: the resource's integration test, on every engine, as items' and products' are. */
export function testTemplate(spec: ResourceSpec): string {
  const facts = testFacts(spec);
  const { names, fields, route, body, refs } = facts;
  const factories = refs.flatMap((field) => factoryOf(field) ?? []);
  const usesUser = refs.some((field) => !factoryOf(field));
  const refParam = refs.length ? 'references: References, ' : '';
  const setUpType = `{ headers: { authorization: string }${refs.length ? '; references: References' : ''} }`;

  return lines(
    "import type { FastifyInstance } from 'fastify';",
    "import { loginAs } from '../support/auth';",
    "import { describeEachEngine } from '../support/each-engine';",
    factories.length > 0 && importLine(factories, '../support/factories'),
    "import { expectValidationError, startTestApp, TestApp } from '../support/test-app';",
    '',
    `interface ${body} {`,
    '  id: number;',
    ...fields.map((field) => `  ${field.name}: ${bodyType(field)};`),
    '  createdAt: string;',
    '  updatedAt: string;',
    '}',
    '',
    refs.length > 0 && ['interface References {', ...refs.map((field) => `  ${field.name}: number;`), '}', ''].join('\n'),
    `const ROUTE = '${route}';`,
    'const TIMESTAMP = /^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d/;',
    'let sequence = 0;',
    '',
    '/** Every field set; values differ from row to row (unique fields never collide) and grow with n (for the sort checks). */',
    `function valid${names.className}(${refParam}n = ++sequence): Record<string, unknown> {`,
    '  return {',
    ...fields.map((field) => `    ${field.name}: ${sampleExpression(field)},`),
    '  };',
    '}',
    '',
    `/** Someone to write as${refs.length ? `, and the rows a ${names.words} refers to,` : ''} in the database of \`app\`. */`,
    `async function setUp(app: FastifyInstance): Promise<${setUpType}> {`,
    `  const { headers${usesUser ? ', user' : ''} } = await loginAs(app, 'user');`,
    refs.length
      ? `  return { headers, references: { ${refs.map((field) => `${field.name}: ${referenceSource(field)}`).join(', ')} } };`
      : '  return { headers };',
    '}',
    '',
    `describeEachEngine('${names.pluralWords} routes', (engine) => {`,
    '  let t: TestApp;',
    '  let headers: { authorization: string };',
    refs.length > 0 && '  let references: References;',
    '  beforeAll(async () => {',
    '    t = await startTestApp(engine);',
    `    ({ headers${refs.length ? ', references' : ''} } = await setUp(t.app));`,
    '  });',
    '  afterAll(async () => {',
    '    await t?.close();',
    '  });',
    '',
    "  const post = (payload: unknown) => t.app.inject({ method: 'POST', url: ROUTE, headers, payload: payload as Record<string, unknown> });",
    '  const patch = (id: number, payload: Record<string, unknown>) =>',
    "    t.app.inject({ method: 'PATCH', url: `${ROUTE}/${id}`, headers, payload });",
    '  const get = (id: number) => t.app.inject({ url: `${ROUTE}/${id}`, headers });',
    `  const valid = (overrides: Record<string, unknown> = {}) => ({ ...valid${names.className}(${refs.length ? 'references' : ''}), ...overrides });`,
    `  const create = async (overrides: Record<string, unknown> = {}): Promise<${body}> => {`,
    '    const response = await post(valid(overrides));',
    '    if (response.statusCode !== 201) throw new Error(`create: ${response.statusCode} ${response.body}`);',
    '    return response.json();',
    '  };',
    '',
    createTests(facts),
    '',
    recordTests(facts),
    '',
    listTests(facts),
    '});',
  );
}
