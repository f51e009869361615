import { hintFor } from '../../src/migrator/failure-hints';

/** Real messages from each engine for the original guide's troubleshooting cases. */
const CASES: [string, string, RegExp][] = [
  ['PostgreSQL table exists', 'relation "products" already exists', /migration:stamp/],
  ['SQL Server table exists', "There is already an object named 'products' in the database.", /migration:stamp/],
  ['MariaDB table exists', "Table 'products' already exists", /migration:stamp/],
  ['SQLite table exists', 'SQLITE_ERROR: table "products" already exists', /migration:stamp/],
  [
    'PostgreSQL foreign key',
    'insert or update on table "products" violates foreign key constraint "FK_products_user_id"',
    /earlier migration/,
  ],
  ['SQL Server foreign key', 'The INSERT statement conflicted with the FOREIGN KEY constraint "FK_products_user_id".', /earlier migration/],
  ['MariaDB foreign key', 'Cannot add or update a child row: a foreign key constraint fails', /earlier migration/],
  ['SQLite foreign key', 'FOREIGN KEY constraint failed', /earlier migration/],
  ['PostgreSQL not null', 'column "sku" of relation "products" contains null values; null value in column "sku"', /default/],
  ['SQL Server not null', "Cannot insert the value NULL into column 'sku', table 'app.dbo.products'", /default/],
  [
    'SQL Server add NOT NULL column',
    'ALTER TABLE only allows columns to be added that can contain nulls, or have a DEFAULT definition specified',
    /default/,
  ],
  ['MariaDB not null', "Column 'sku' cannot be null", /default/],
  ['SQLite not null', 'NOT NULL constraint failed: products.sku', /default/],
];

describe('failure hints', () => {
  test.each(CASES)('%s', (_label, message, expected) => {
    expect(hintFor(message)).toMatch(expected);
  });

  it('adds nothing for an error it does not recognise', () => {
    expect(hintFor('syntax error at or near "SELEC"')).toBeUndefined();
  });
});
