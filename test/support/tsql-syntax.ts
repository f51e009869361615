import { ANTLRErrorListener, antlr4tsSQL, SQLDialect } from 'antlr4ts-sql';

export interface SqlSyntaxError {
  line: number;
  column: number;
  /** The source from the error on, because the grammar's own message names tokens by number. */
  near: string;
  message: string;
}

/**
 * Syntax errors the antlr4ts-sql grammar for `dialect` reports for `sql` (empty when it parses). The default
 * listeners only print to the console and the parser recovers, so a listener that collects is the only way a
 * test can fail on bad syntax. Grammar only: names are not resolved, so a missing table is not an error, and the
 * T-SQL grammar is looser than the server in places (the comma between column definitions is optional in it).
 */
export function sqlSyntaxErrors(sql: string, dialect: SQLDialect): SqlSyntaxError[] {
  const lines = sql.split('\n');
  const errors: SqlSyntaxError[] = [];
  const collect: ANTLRErrorListener<unknown> = {
    syntaxError: (_recognizer, _symbol, line, column, message) =>
      errors.push({
        line,
        column,
        near: (lines[line - 1] ?? '').slice(column, column + 60),
        // The expected-token lists run to thousands of characters.
        message: message.length > 200 ? `${message.slice(0, 200)}…` : message,
      }),
  };
  const sqlParser = new antlr4tsSQL(dialect);
  const parser = sqlParser.getParser(sqlParser.getTokens(sql, [collect]), [collect]);
  sqlParser.getParseTree(parser);
  return errors;
}

/** T-SQL (SQL Server) syntax errors in a statement or in a whole `GO`-separated script. */
export function tsqlSyntaxErrors(sql: string): SqlSyntaxError[] {
  return sqlSyntaxErrors(sql, SQLDialect.TSQL);
}

/**
 * TypeORM writes an enum column as `"c" nvarchar(255) CONSTRAINT CHK_…_ENUM CHECK(c IN (…)) NOT NULL CONSTRAINT
 * "DF_…" DEFAULT '…'`. SQL Server takes a column's clauses in any order, but antlr4ts-sql 1.1.0 ships an old
 * grammars-v4 TSqlParser.g4 whose column_definition wants DEFAULT before any column constraint (newer versions
 * of that grammar accept any order: `column_definition_element*`). This moves exactly that CHECK after the
 * DEFAULT, which changes nothing for the server, so the grammar can judge the rest of the statement.
 */
export function enumCheckAfterDefault(sql: string): string {
  return sql.replace(
    / (CONSTRAINT CHK_\w+_ENUM CHECK\(\w+ IN \((?:'(?:[^']|'')*',?)+\)\))((?: NOT NULL)? CONSTRAINT "\w+" DEFAULT '(?:[^']|'')*')/g,
    '$2 $1',
  );
}
