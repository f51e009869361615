import { OFFLINE_CONFIGS } from '../../src/migrator/offline-script';
import { RequestError } from 'mssql';
import { DataSource, QueryFailedError, Repository } from 'typeorm';
import { ConstraintViolation, parseDriverError } from '../../src/database/constraint-violation';
import { createDataSource } from '../../src/database/data-source';
import { renderMigrationsSql } from '../../src/database/offline-sql';
import { translateDriverError } from '../../src/database/translate-driver-error';
import { Product } from '../../src/entities/product.entity';
import { RefreshToken } from '../../src/entities/refresh-token.entity';
import { User } from '../../src/entities/user.entity';
import { AppError, ERROR_STATUS } from '../../src/errors/app-error';
import { InitialSchema1764000000000 } from '../../src/migrations/1764000000000-InitialSchema';
import { describeEachEngine } from '../support/each-engine';
import { migrate } from '../support/test-app';
import { createTestDatabase, Engine, TestDatabase } from '../support/test-databases';
import { tsqlChecked } from '../support/tsql-checked';

interface Translation {
  code: AppError['code'];
  status: number;
  message: string;
  details: AppError['details'];
}

/** The parts of the AppError a client sees (status from the code), or null when nothing was translated. */
function translation(dataSource: DataSource, error: unknown): Translation | null {
  const appError = translateDriverError(dataSource, error);
  if (!appError) return null;
  expect(appError).toBeInstanceOf(AppError);
  return { code: appError.code, status: ERROR_STATUS[appError.code], message: appError.message, details: appError.details };
}

const conflict = (field: string): Translation => ({
  code: 'CONFLICT',
  status: 409,
  message: `${field} is already taken`,
  details: [{ field, reason: 'is already taken' }],
});
const missingUser: Translation = {
  code: 'REFERENCE_NOT_FOUND',
  status: 422,
  message: 'userId refers to a User that does not exist',
  details: [{ field: 'userId', reason: 'refers to a User that does not exist' }],
};
const userStillReferenced: Translation = {
  code: 'STILL_REFERENCED',
  status: 409,
  message: 'User is still referenced by products; delete or reassign those first',
  details: [],
};
const invalid = (field: string, reason: string): Translation => ({
  code: 'VALIDATION_FAILED',
  status: 400,
  message: `Invalid input: ${field} ${reason}`,
  details: [{ field, reason }],
});

// ---------------------------------------------------------------------------------------------------------------
// SQL Server: no server here, so the driver errors are built the way the mssql package builds them.
// ---------------------------------------------------------------------------------------------------------------

/**
 * Exactly what mssql/lib/tedious/request.js does with a server ERROR token: `new Error(info.message)` with the
 * token as `info`, wrapped in a RequestError, which copies `info.number` to `number` and keeps the original as
 * `originalError`. TypeORM's SqlServerQueryRunner then throws `new QueryFailedError(query, parameters, err)`.
 */
function sqlServerError(number: number, message: string): RequestError {
  const original = Object.assign(new Error(message), {
    info: { number, state: 1, class: 16, message, serverName: 'sql1', procName: '', lineNumber: 1 },
  });
  return new RequestError(original, 'EREQUEST');
}

const SQL_SERVER = {
  uniqueKey: [
    2627,
    "Violation of UNIQUE KEY constraint 'UQ_products_sku'. Cannot insert duplicate key in object 'dbo.products'. The duplicate key value is (ABC).",
  ],
  uniqueIndex: [
    2601,
    "Cannot insert duplicate key row in object 'dbo.users' with unique index 'UQ_users_email'. The duplicate key value is (a@b.c).",
  ],
  insertForeignKey: [
    547,
    'The INSERT statement conflicted with the FOREIGN KEY constraint "FK_products_user_id". The conflict occurred in database "app", table "dbo.users", column \'id\'.',
  ],
  updateForeignKey: [
    547,
    'The UPDATE statement conflicted with the FOREIGN KEY constraint "FK_products_user_id". The conflict occurred in database "app", table "dbo.users", column \'id\'.',
  ],
  deleteReference: [
    547,
    'The DELETE statement conflicted with the REFERENCE constraint "FK_products_user_id". The conflict occurred in database "app", table "dbo.products", column \'user_id\'.',
  ],
  notNull: [515, "Cannot insert the value NULL into column 'name', table 'app.dbo.products'; column does not allow nulls. INSERT fails."],
  notNullSnakeCase: [
    515,
    "Cannot insert the value NULL into column 'full_name', table 'app.dbo.users'; column does not allow nulls. UPDATE fails.",
  ],
  truncatedOld: [8152, 'String or binary data would be truncated.'],
  truncated: [
    2628,
    "String or binary data would be truncated in table 'app.dbo.products', column 'sku'. Truncated value: 'AAAAAAAAAAAAAAAAAAAA'.",
  ],
  overflow: [8115, 'Arithmetic overflow error converting numeric to data type numeric.'],
} satisfies Record<string, [number, string]>;

/** The statements TypeORM sends for the violations above (SQL Server quotes names with "). */
const STATEMENT = {
  insertProduct: 'INSERT INTO "products"("name", "sku", "price", "user_id") OUTPUT INSERTED."id" VALUES (@0, @1, @2, @3)',
  insertUser: 'INSERT INTO "users"("email", "full_name", "password_hash") OUTPUT INSERTED."id" VALUES (@0, @1, @2)',
  moveProduct: 'UPDATE "products" SET "user_id" = @0 WHERE "sku" = @1',
  deleteUser: 'DELETE FROM "users" WHERE "id" IN (@0)',
};

/** The 547 CHECK message for the enum constraint TypeORM names on `products.status` (read from the rendered DDL). */
const checkMessage = (constraint: string) =>
  `The INSERT statement conflicted with the CHECK constraint "${constraint}". The conflict occurred in database "app", table "dbo.products", column 'status'.`;

const OFFLINE_MSSQL = OFFLINE_CONFIGS.mssql;

describe('SQL Server driver errors (offline)', () => {
  let dataSource: DataSource;
  let statusCheck: string;

  beforeAll(async () => {
    dataSource = createDataSource(OFFLINE_MSSQL);
    // initialize() would connect; buildMetadatas() is the part of it that reads the entities (protected in the
    // typings, public at runtime), and is all translateDriverError needs.
    await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
    const [initial] = await renderMigrationsSql(createDataSource(OFFLINE_MSSQL), [new InitialSchema1764000000000()], { direction: 'up' });
    statusCheck = /CONSTRAINT (CHK_\w+_ENUM) CHECK\(status IN/.exec(initial.statements.join('\n'))![1];
  });

  test('the DataSource has its metadata without ever connecting', () => {
    expect(dataSource.isInitialized).toBe(false);
    expect(dataSource.getMetadata(Product).uniques.map((unique) => unique.name)).toEqual(['UQ_products_sku']);
    expect(dataSource.getMetadata(Product).foreignKeys.map((fk) => fk.name)).toEqual(['FK_products_user_id']);
    expect(statusCheck).toMatch(/^CHK_[0-9a-f]{26}_ENUM$/);
  });

  test('the error objects have the mssql shape', () => {
    const error = sqlServerError(...SQL_SERVER.uniqueKey);
    expect(error).toMatchObject({
      name: 'RequestError',
      code: 'EREQUEST',
      number: 2627,
      message: SQL_SERVER.uniqueKey[1],
      originalError: { info: { number: 2627, message: SQL_SERVER.uniqueKey[1] } },
    });
    const failed = new QueryFailedError('INSERT INTO "products" ...', [], error);
    expect(failed.driverError).toBe(error);
  });

  describe('parseDriverError', () => {
    /** What the English text says; the identifiers (every word of it) are tested through translateDriverError. */
    const facts = (violation: ConstraintViolation | null) => {
      const { identifiers, ...rest } = violation ?? {};
      expect(identifiers ?? []).toEqual(expect.any(Array));
      return rest;
    };
    const cases: [string, [number, string], ConstraintViolation][] = [
      ['2627 unique key', SQL_SERVER.uniqueKey, { kind: 'unique', constraint: 'UQ_products_sku', table: 'products' }],
      ['2601 unique index', SQL_SERVER.uniqueIndex, { kind: 'unique', constraint: 'UQ_users_email', table: 'users' }],
      ['547 INSERT vs FOREIGN KEY', SQL_SERVER.insertForeignKey, { kind: 'missing-reference', constraint: 'FK_products_user_id' }],
      ['547 UPDATE vs FOREIGN KEY', SQL_SERVER.updateForeignKey, { kind: 'missing-reference', constraint: 'FK_products_user_id' }],
      ['547 DELETE vs REFERENCE', SQL_SERVER.deleteReference, { kind: 'still-referenced', constraint: 'FK_products_user_id' }],
      ['515 NULL into NOT NULL', SQL_SERVER.notNull, { kind: 'not-null', column: 'name', table: 'products' }],
      ['515 NULL into a snake_case column', SQL_SERVER.notNullSnakeCase, { kind: 'not-null', column: 'full_name', table: 'users' }],
      ['8152 truncation (names nothing)', SQL_SERVER.truncatedOld, { kind: 'too-long' }],
      ['2628 truncation (names table and column)', SQL_SERVER.truncated, { kind: 'too-long', table: 'products', column: 'sku' }],
      ['8115 arithmetic overflow', SQL_SERVER.overflow, { kind: 'out-of-range' }],
    ];
    test.each(cases)('%s', (_label, [number, message], expected) => {
      expect(facts(parseDriverError('mssql', sqlServerError(number, message)))).toEqual(expected);
    });

    test('547 CHECK', () => {
      expect(facts(parseDriverError('mssql', sqlServerError(547, checkMessage(statusCheck))))).toEqual({
        kind: 'check',
        constraint: statusCheck,
        table: 'products',
        column: 'status',
      });
    });

    test('reads the number and message from originalError.info when the top level lacks them', () => {
      const driverError = { originalError: { info: { number: 2601, message: SQL_SERVER.uniqueIndex[1] } } };
      expect(facts(parseDriverError('mssql', driverError))).toEqual({ kind: 'unique', constraint: 'UQ_users_email', table: 'users' });
    });

    test('prefers the server message in originalError.info to the top-level one', () => {
      const driverError = {
        number: 2627,
        message: 'RequestError: something generic',
        originalError: { info: { number: 2627, message: SQL_SERVER.uniqueKey[1] } },
      };
      expect(facts(parseDriverError('mssql', driverError))).toEqual({ kind: 'unique', constraint: 'UQ_products_sku', table: 'products' });
    });

    test.each([
      ['208 invalid object name', 208, "Invalid object name 'dbo.nope'."],
      [
        '1205 deadlock victim',
        1205,
        'Transaction (Process ID 52) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.',
      ],
      ['102 syntax error', 102, "Incorrect syntax near 'FROM'."],
    ])('%s is not a violation', (_label, number, message) => {
      expect(parseDriverError('mssql', sqlServerError(number, message))).toBeNull();
    });

    test('an error without a number, or no object at all, is not a violation', () => {
      expect(parseDriverError('mssql', { message: SQL_SERVER.uniqueKey[1] })).toBeNull();
      expect(parseDriverError('mssql', undefined)).toBeNull();
      expect(parseDriverError('mssql', 'Violation of UNIQUE KEY constraint')).toBeNull();
    });
  });

  describe('translateDriverError', () => {
    const failed = ([number, message]: [number, string], sql: string) => new QueryFailedError(sql, [], sqlServerError(number, message));

    test.each([
      ['2627 → CONFLICT on sku', SQL_SERVER.uniqueKey, conflict('sku'), STATEMENT.insertProduct],
      ['2601 → CONFLICT on email', SQL_SERVER.uniqueIndex, conflict('email'), STATEMENT.insertUser],
      ['547 INSERT → REFERENCE_NOT_FOUND on userId, naming User', SQL_SERVER.insertForeignKey, missingUser, STATEMENT.insertProduct],
      ['547 UPDATE → REFERENCE_NOT_FOUND on userId', SQL_SERVER.updateForeignKey, missingUser, STATEMENT.moveProduct],
      ['547 DELETE → STILL_REFERENCED by products', SQL_SERVER.deleteReference, userStillReferenced, STATEMENT.deleteUser],
      ['515 → VALIDATION_FAILED on name', SQL_SERVER.notNull, invalid('name', 'must not be null'), STATEMENT.insertProduct],
      [
        '515 → VALIDATION_FAILED on fullName (column full_name)',
        SQL_SERVER.notNullSnakeCase,
        invalid('fullName', 'must not be null'),
        STATEMENT.insertProduct,
      ],
      // 8152 names no column at all, so there is nothing better than "unknown" to say.
      [
        '8152 → VALIDATION_FAILED, field unknown',
        SQL_SERVER.truncatedOld,
        invalid('unknown', 'is too long for its column'),
        STATEMENT.insertProduct,
      ],
      ['2628 → VALIDATION_FAILED on sku', SQL_SERVER.truncated, invalid('sku', 'is too long for its column'), STATEMENT.insertProduct],
      [
        '8115 → VALIDATION_FAILED, field unknown',
        SQL_SERVER.overflow,
        invalid('unknown', 'is out of range for its column'),
        STATEMENT.insertProduct,
      ],
    ] as [string, [number, string], Translation, string][])('%s', (_label, driverError, expected, sql) => {
      expect(translation(dataSource, failed(driverError, sql))).toEqual(expected);
    });

    // A server whose language is not English (SET LANGUAGE, a login's default language) words 2627/2601/547
    // differently, quotes names differently (« » in French) and keeps only the SQL keywords in English. The error
    // number, the constraint's name and the statement decide; none of these texts matches the English patterns.
    test.each([
      [
        'German 2627',
        2627,
        "Verletzung der UNIQUE KEY-Einschränkung 'UQ_products_sku'. Ein doppelter Schlüssel kann in das dbo.products-Objekt nicht eingefügt werden. Der doppelte Schlüsselwert ist (ABC).",
        STATEMENT.insertProduct,
        conflict('sku'),
      ],
      [
        'German 2601',
        2601,
        "Eine Zeile mit doppeltem Schlüssel kann in das Objekt 'dbo.users' mit dem eindeutigen Index 'UQ_users_email' nicht eingefügt werden. Der doppelte Schlüsselwert ist (a@b.c).",
        STATEMENT.insertUser,
        conflict('email'),
      ],
      [
        'German 547 INSERT',
        547,
        'Die INSERT-Anweisung steht in Konflikt mit der FOREIGN KEY-Einschränkung "FK_products_user_id". Der Konflikt trat in der app-Datenbank, Tabelle "dbo.users", column \'id\' auf.',
        STATEMENT.insertProduct,
        missingUser,
      ],
      [
        'German 547 DELETE',
        547,
        'Die DELETE-Anweisung steht in Konflikt mit der REFERENCE-Einschränkung "FK_products_user_id". Der Konflikt trat in der app-Datenbank, Tabelle "dbo.products", column \'user_id\' auf.',
        STATEMENT.deleteUser,
        userStillReferenced,
      ],
      [
        'French 2627',
        2627,
        "Violation de la contrainte UNIQUE KEY « UQ_products_sku ». Impossible d'insérer une clé en double dans l'objet « dbo.products ». Valeur de clé dupliquée : (ABC).",
        STATEMENT.insertProduct,
        conflict('sku'),
      ],
      [
        'French 2601',
        2601,
        "Impossible d'insérer une ligne de clé en double dans l'objet « dbo.users » avec un index unique « UQ_users_email ». La valeur de clé dupliquée est (a@b.c).",
        STATEMENT.insertUser,
        conflict('email'),
      ],
      [
        'French 547 UPDATE of the child',
        547,
        "L'instruction UPDATE est en conflit avec la contrainte FOREIGN KEY « FK_products_user_id ». Le conflit s'est produit dans la base de données « app », table « dbo.users », colonne 'id'.",
        STATEMENT.moveProduct,
        missingUser,
      ],
      [
        'French 547 DELETE of the parent',
        547,
        "L'instruction DELETE est en conflit avec la contrainte REFERENCE « FK_products_user_id ». Le conflit s'est produit dans la base de données « app », table « dbo.products », colonne 'user_id'.",
        STATEMENT.deleteUser,
        userStillReferenced,
      ],
      // no keyword at all (a proxy rewording, or a language that translates them): the name and the statement suffice
      ['547 naming only the key, DELETE', 547, 'conflit: fk_products_user_id', STATEMENT.deleteUser, userStillReferenced],
      ['547 naming only the key, INSERT', 547, 'conflit: fk_products_user_id', STATEMENT.insertProduct, missingUser],
    ] as [string, number, string, string, Translation][])('%s', (_label, number, message, sql, expected) => {
      expect(translation(dataSource, failed([number, message], sql))).toEqual(expected);
    });

    test('the English wording decides the side when the statement cannot (a statement the translator does not read)', () => {
      const merge = 'MERGE INTO "users" USING ...';
      expect(translation(dataSource, failed(SQL_SERVER.deleteReference, merge))).toEqual(userStillReferenced);
      expect(translation(dataSource, failed(SQL_SERVER.insertForeignKey, merge))).toEqual(missingUser);
    });

    test('547 CHECK → VALIDATION_FAILED on status', () => {
      expect(translation(dataSource, failed([547, checkMessage(statusCheck)], STATEMENT.insertProduct))).toEqual(
        invalid('status', 'is not an allowed value'),
      );
    });

    test('a non-constraint error is not translated', () => {
      expect(translation(dataSource, failed([208, "Invalid object name 'dbo.nope'."], STATEMENT.insertProduct))).toBeNull();
    });

    test('only a QueryFailedError is translated', () => {
      expect(translateDriverError(dataSource, sqlServerError(...SQL_SERVER.uniqueKey))).toBeNull();
      expect(translateDriverError(dataSource, new Error(SQL_SERVER.uniqueKey[1]))).toBeNull();
      expect(translateDriverError(dataSource, { driverError: sqlServerError(...SQL_SERVER.uniqueKey) })).toBeNull();
      expect(translateDriverError(dataSource, null)).toBeNull();
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Real engines: real violations, raised by the database itself on the migrated schema.
// ---------------------------------------------------------------------------------------------------------------

/** The error `action` rejects with; fails the test if it resolves. */
async function failure(action: () => Promise<unknown>): Promise<QueryFailedError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(QueryFailedError);
    return error as QueryFailedError;
  }
  throw new Error('expected the database to refuse this, and it accepted it');
}

/** Only the quoted names of a message, in German quotes and words: what a server set to another language says. */
const germanQuoting = (text: string | undefined) =>
  text && `Fehler bei ${(text.match(/(["'`])(?:(?!\1).)+\1/g) ?? []).map((quoted) => `»${quoted.slice(1, -1)}«`).join(', ')}`;

/** The same failure with the driver's message (and PostgreSQL's detail) in "another language". */
function inAnotherLanguage(error: QueryFailedError): QueryFailedError {
  const driverError = error.driverError as Error & { detail?: string };
  const localised = Object.assign(Object.create(Object.getPrototypeOf(driverError) as object) as Error, driverError, {
    message: germanQuoting(driverError.message),
    detail: germanQuoting(driverError.detail),
  });
  return new QueryFailedError(error.query, error.parameters, localised);
}

describeEachEngine(
  'constraint violations',
  (engine: Engine) => {
    let database: TestDatabase;
    let dataSource: DataSource;
    let users: Repository<User>;
    let products: Repository<Product>;
    let ownerId: number;

    const product = (overrides: Partial<Product>) => ({
      name: 'Widget',
      sku: `SKU-${Math.random().toString(36).slice(2, 10)}`,
      price: 9.99,
      userId: ownerId,
      ...overrides,
    });

    beforeAll(async () => {
      database = await createTestDatabase(engine);
      await migrate(database.config);
      dataSource = createDataSource(database.config);
      await dataSource.initialize();
      users = dataSource.getRepository(User);
      products = dataSource.getRepository(Product);
      const { identifiers } = await users.insert({ email: 'owner@example.com', fullName: 'Owner', passwordHash: 'x' });
      ownerId = identifiers[0].id as number;
      await products.insert(product({ sku: 'TAKEN-1' }));
    });

    afterAll(async () => {
      if (dataSource?.isInitialized) await dataSource.destroy();
      await database?.drop();
    });

    test('duplicate sku → CONFLICT on sku', async () => {
      const error = await failure(() => products.insert(product({ sku: 'TAKEN-1' })));
      expect(translation(dataSource, error)).toEqual(conflict('sku'));
    });

    test('duplicate email → CONFLICT on email', async () => {
      const error = await failure(() => users.insert({ email: 'owner@example.com', fullName: 'Other', passwordHash: 'y' }));
      expect(translation(dataSource, error)).toEqual(conflict('email'));
    });

    test('product with a user_id that does not exist → REFERENCE_NOT_FOUND on userId', async () => {
      const error = await failure(() => products.insert(product({ userId: 987_654 })));
      expect(translation(dataSource, error)).toEqual(missingUser);
    });

    test('moving a product to a user that does not exist → REFERENCE_NOT_FOUND on userId', async () => {
      const error = await failure(() => products.update({ sku: 'TAKEN-1' }, { userId: 987_654 }));
      expect(translation(dataSource, error)).toEqual(missingUser);
    });

    test('deleting a user who owns a product → STILL_REFERENCED', async () => {
      const error = await failure(() => users.delete(ownerId));
      expect(translation(dataSource, error)).toEqual(userStillReferenced);
      expect(await users.countBy({ id: ownerId })).toBe(1);
    });

    test('a user with refresh tokens (their key cascades) and a product → STILL_REFERENCED by products, in any entity order', async () => {
      await dataSource
        .getRepository(RefreshToken)
        .insert({ tokenHash: 'h'.repeat(64), familyId: 'family', userId: ownerId, expiresAt: new Date(Date.now() + 60_000) });
      const error = await failure(() => users.delete(ownerId));
      expect(translation(dataSource, error)).toEqual(userStillReferenced);
      // entities load in file-system order: with the refresh tokens' key listed first, SQLite (which names no
      // constraint) must still blame the key that refuses deletes, not the cascading one
      const reversed = new Proxy(dataSource, {
        get: (target, property) => (property === 'entityMetadatas' ? [...target.entityMetadatas].reverse() : Reflect.get(target, property)),
      });
      expect(translation(reversed, error)).toEqual(userStillReferenced);
    });

    test('NULL into a NOT NULL column → VALIDATION_FAILED on name', async () => {
      const error = await failure(() => products.insert(product({ name: null as unknown as string })));
      expect(translation(dataSource, error)).toEqual(invalid('name', 'must not be null'));
    });

    test('NULL into a NOT NULL snake_case column → VALIDATION_FAILED on fullName (same mariadb bug)', async () => {
      const error = await failure(() =>
        users.insert({ email: 'nameless@example.com', fullName: null as unknown as string, passwordHash: 'x' }),
      );
      expect(translation(dataSource, error)).toEqual(invalid('fullName', 'must not be null'));
    });

    if (engine === 'sqlite') {
      // SQLite does not enforce varchar lengths (varchar(64) is only TEXT affinity), so there is no violation to
      // translate; the DTO's @Length(1, 64) is the only guard there.
      test('a 65-character sku is stored as is (SQLite ignores varchar lengths)', async () => {
        await products.insert(product({ sku: 'L'.repeat(65) }));
        expect(await products.countBy({ sku: 'L'.repeat(65) })).toBe(1);
      });
    } else {
      // PostgreSQL says only "value too long for type character varying(64)" (22001): no column, no table, so the
      // field cannot be named. MariaDB says "Data too long for column 'sku' at row 1" (1406), so it can.
      test('a 65-character sku → VALIDATION_FAILED', async () => {
        const error = await failure(() => products.insert(product({ sku: 'L'.repeat(65) })));
        const field = engine === 'postgres' ? 'unknown' : 'sku';
        expect(translation(dataSource, error)).toEqual(invalid(field, 'is too long for its column'));
      });
    }

    test('a status outside the enum → VALIDATION_FAILED on status', async () => {
      const error = await failure(() => products.insert(product({ status: 'archived' as Product['status'] })));
      expect(translation(dataSource, error)).toEqual(invalid('status', 'is not an allowed value'));
    });

    if (engine !== 'sqlite') {
      // SQLite's messages are always English and name no constraint. The servers' are localised (lc_messages,
      // SET LANGUAGE): keep only the names the real error quoted, in « », with the words around them in German,
      // and the translation must not change, because it goes by error number, constraint name and statement.
      test.each([
        ['duplicate sku', () => products.insert(product({ sku: 'TAKEN-1' })), conflict('sku')],
        ['duplicate email', () => users.insert({ email: 'owner@example.com', fullName: 'Other', passwordHash: 'y' }), conflict('email')],
        ['a product for a missing user', () => products.insert(product({ userId: 987_654 })), missingUser],
        ['a product moved to a missing user', () => products.update({ sku: 'TAKEN-1' }, { userId: 987_654 }), missingUser],
        ['deleting a user who owns a product', () => users.delete(ownerId), userStillReferenced],
      ] as [string, () => Promise<unknown>, Translation][])('%s, reported in another language', async (_label, action, expected) => {
        const error = await failure(action);
        expect(translation(dataSource, error)).toEqual(expected);
        expect(translation(dataSource, inAnotherLanguage(error))).toEqual(expected);
      });
    }

    test('an error that is no constraint violation is not translated', async () => {
      const error = await failure(() => tsqlChecked(dataSource).query('SELECT no_such_column FROM no_such_table'));
      expect(translateDriverError(dataSource, error)).toBeNull();
    });

    test('anything but a QueryFailedError is not translated', async () => {
      const error = await failure(() => products.insert(product({ sku: 'TAKEN-1' })));
      expect(translateDriverError(dataSource, error.driverError)).toBeNull();
      expect(translateDriverError(dataSource, new Error(error.message))).toBeNull();
      expect(translateDriverError(dataSource, { ...error })).toBeNull();
      expect(translateDriverError(dataSource, undefined)).toBeNull();
    });
  },
  ['sqlite', 'postgres', 'mariadb', 'mssql'],
);
