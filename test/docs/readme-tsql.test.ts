import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tsqlSyntaxErrors } from '../support/tsql-syntax';

const README = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const sqlBlocks = [...README.matchAll(/```sql\n([\s\S]*?)\n```/g)].map((match) => match[1]);

/**
 * antlr4ts-sql 1.1.0's T-SQL grammar has an old GRANT rule: a permission is identifiers (and DATABASE is a keyword
 * to it) and `ON SCHEMA::dbo` is unknown, so it refuses `GRANT VIEW DATABASE STATE` and `GRANT REFERENCES ON
 * SCHEMA::dbo`, which SQL Server and Azure SQL take
 * (https://learn.microsoft.com/sql/t-sql/statements/grant-database-permissions-transact-sql,
 * https://learn.microsoft.com/sql/t-sql/statements/grant-schema-permissions-transact-sql). GRANTs are checked
 * against those documented forms instead; everything else goes through the grammar.
 */
const DOCUMENTED_GRANT = /^GRANT (?:VIEW DATABASE STATE|REFERENCES ON SCHEMA::\w+) TO \w+;$/;

describe('README: the T-SQL it tells operators to run', () => {
  test('there is some (the Azure SQL logins)', () => {
    expect(sqlBlocks.join('\n')).toContain('GRANT VIEW DATABASE STATE');
  });

  test.each(sqlBlocks.map((block) => [block.split('\n')[0], block]))('parses as T-SQL: %s', (_first, block) => {
    const lines = block.split('\n');
    const grantsTheGrammarLacks = lines.filter((line) => line.startsWith('GRANT '));
    for (const line of grantsTheGrammarLacks) expect(line).toMatch(DOCUMENTED_GRANT);
    expect(tsqlSyntaxErrors(lines.filter((line) => !grantsTheGrammarLacks.includes(line)).join('\n'))).toEqual([]);
  });
});
