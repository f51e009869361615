import { invalidCases } from './samples';
import { block, quote } from './source';
import { filledIn, lengthOf, targetOf, TestFacts } from './test-facts';

/** The POST block: every field, defaults and nulls, each field's rule, unknown fields, longest text, 409s and 422s. */
export function createTests({ names, fields, route, required, optional, strings, uniques, refs }: TestFacts): string {
  const invalidRows = fields.flatMap((field) =>
    invalidCases(field).map(
      (invalid) => `      [${quote(field.name)}, ${quote(invalid.value)}, ${quote(invalid.reason)}, ${invalid.value}],`,
    ),
  );
  return block(
    `  describe('POST ${route}', () => {`,
    `    it('creates a ${names.words} with every field and returns 201', async () => {`,
    '      const payload = valid();',
    '      const response = await post(payload);',
    '      expect(response.statusCode).toBe(201);',
    '      expect(response.json()).toEqual({',
    '        ...payload,',
    '        id: expect.any(Number),',
    '        createdAt: expect.stringMatching(TIMESTAMP),',
    '        updatedAt: expect.stringMatching(TIMESTAMP),',
    '      });',
    '    });',
    optional.length > 0 &&
      block(
        '',
        `    it('fills in the defaults and nulls of the fields left out', async () => {`,
        required.length > 0 && '      const every = valid();',
        `      const required = { ${required.map((field) => `${field.name}: every.${field.name}`).join(', ')} };`,
        '      const response = await post(required);',
        '      expect(response.statusCode).toBe(201);',
        '      expect(response.json()).toEqual({',
        '        ...required,',
        ...optional.map((field) => `        ${field.name}: ${filledIn(field)},`),
        '        id: expect.any(Number),',
        '        createdAt: expect.stringMatching(TIMESTAMP),',
        '        updatedAt: expect.stringMatching(TIMESTAMP),',
        '      });',
        '    });',
      ),
    required.length > 0 &&
      block(
        '',
        `    it('names every missing required field', async () => {`,
        '      const response = await post({});',
        ...required.map((field) => `      expectValidationError(response, ${quote(field.name)}, 'is required');`),
        '    });',
      ),
    '',
    '    it.each([',
    ...invalidRows,
    "    ])('refuses %s = %s: %s', async (field, _shown, reason, value) => {",
    '      expectValidationError(await post(valid({ [field]: value })), field, reason);',
    '    });',
    '',
    "    it('refuses fields the API does not take, naming each', async () => {",
    "      const response = await post(valid({ id: 7, createdAt: '2000-01-01T00:00:00Z' }));",
    "      expectValidationError(response, 'id', 'is not an allowed field');",
    "      expectValidationError(response, 'createdAt', 'is not an allowed field');",
    '    });',
    strings.length > 0 &&
      block(
        '',
        "    it('accepts the longest allowed text, non-ASCII included', async () => {",
        `      const longest = { ${strings.map((field) => `${field.name}: 'é'.repeat(${lengthOf(field)})`).join(', ')} };`,
        '      const response = await post(valid(longest));',
        '      expect(response.statusCode).toBe(201);',
        '      expect(response.json()).toMatchObject(longest);',
        '    });',
      ),
    ...uniques.map((field) =>
      block(
        '',
        `    it('answers 409 naming ${field.name} when it is taken', async () => {`,
        `      const existing = await create();`,
        `      const response = await post(valid({ ${field.name}: existing.${field.name} }));`,
        '      expect(response.statusCode).toBe(409);',
        `      expect(response.json()).toMatchObject({ code: 'CONFLICT', details: [{ field: ${quote(field.name)}, reason: 'is already taken' }] });`,
        '    });',
      ),
    ),
    ...refs.map((field) =>
      block(
        '',
        `    it('answers 422 naming ${field.name} when the ${targetOf(field)} does not exist', async () => {`,
        `      const response = await post(valid({ ${field.name}: 987_654 }));`,
        '      expect(response.statusCode).toBe(422);',
        '      expect(response.json()).toMatchObject({',
        "        code: 'REFERENCE_NOT_FOUND',",
        `        details: [{ field: ${quote(field.name)}, reason: 'refers to a ${targetOf(field)} that does not exist' }],`,
        '      });',
        '    });',
      ),
    ),
    '  });',
    '',
  );
}
