/**
 * What to do about the failures the original guide's troubleshooting section lists, recognised from the
 * messages of every engine we support. Returns undefined when there is nothing more useful than the error.
 */
const HINTS: { pattern: RegExp; hint: string }[] = [
  {
    // PostgreSQL 42P07, SQL Server 2714, MariaDB 1050, SQLite
    pattern: /already exists|There is already an object named|Table '.*' already exists/i,
    hint:
      'The object exists but this migration is not recorded as applied. Compare `npm run migration:status` and ' +
      '`migration:history` with the database; if the schema is already in place, record it with ' +
      '`npm run migration:stamp -- <name>` instead of running it again.',
  },
  {
    // PostgreSQL 23503 / 42830, SQL Server 547 / 1776, MariaDB 1215 / 1452 / 1824, SQLite
    pattern: /foreign key|FOREIGN KEY constraint|REFERENCE constraint|referenced table/i,
    hint:
      'A foreign key points at a table, column or row that is not there yet: the referenced table must be ' +
      'created (and filled) by an earlier migration. Check the order in `npm run migration:history`.',
  },
  {
    // PostgreSQL 23502, SQL Server 515 / 4901, MariaDB 1048 / 1138, SQLite
    pattern:
      /null value in column|Cannot insert the value NULL|cannot be null|NOT NULL constraint|Invalid use of NULL|ALTER TABLE only allows columns to be added that can contain nulls/i,
    hint:
      'A NOT NULL column has no value for existing rows: give the column a default, make it nullable, or fill ' +
      'it in an earlier step before adding the constraint.',
  },
];

export function hintFor(message: string): string | undefined {
  return HINTS.find(({ pattern }) => pattern.test(message))?.hint;
}
