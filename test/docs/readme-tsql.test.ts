import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tsqlSyntaxErrors } from '../support/tsql-syntax';

const README = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const sqlBlocks = [...README.matchAll(/```sql\n([\s\S]*?)\n```/g)].map((match) => match[1]);

/**
 * antlr4ts-sql 1.1.0's T-SQL grammar reads a permission as identifiers, and DATABASE is a keyword to it, so it
 * refuses `GRANT VIEW DATABASE STATE`, which SQL Server and Azure SQL take
 * (https://learn.microsoft.com/sql/t-sql/statements/grant-database-permissions-transact-sql). That one statement
 * is checked against the documented form instead; everything else goes through the grammar.
 */
const GRANT_VIEW_DATABASE_STATE = /^GRANT VIEW DATABASE STATE TO \w+;$/;

describe('README: the T-SQL it tells operators to run', () => {
  test('there is some (the Azure SQL logins)', () => {
    expect(sqlBlocks.join('\n')).toContain('GRANT VIEW DATABASE STATE');
  });

  test.each(sqlBlocks.map((block) => [block.split('\n')[0], block]))('parses as T-SQL: %s', (_first, block) => {
    const lines = block.split('\n');
    const grantsTheGrammarLacks = lines.filter((line) => line.startsWith('GRANT VIEW DATABASE STATE'));
    for (const line of grantsTheGrammarLacks) expect(line).toMatch(GRANT_VIEW_DATABASE_STATE);
    expect(tsqlSyntaxErrors(lines.filter((line) => !grantsTheGrammarLacks.includes(line)).join('\n'))).toEqual([]);
  });
});
