import { QueryFailedError } from 'typeorm';
import { databaseFault } from '../../src/database/database-faults';

/** An error shaped as each driver throws it: pg (code), tedious via mssql (number, or code), mysql2 (code, errno), better-sqlite3 (code). */
const driverError = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

describe('databaseFault: what a driver error says about the database', () => {
  test.each([
    ['postgres', driverError('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' }), 'unavailable', 'ECONNREFUSED'],
    ['postgres', driverError('the database system is starting up', { code: '57P03' }), 'unavailable', '57P03'],
    ['postgres', driverError('terminating connection due to administrator command', { code: '57P01' }), 'unavailable', '57P01'],
    ['postgres', driverError('Connection terminated unexpectedly', {}), 'unavailable', 'CONNECTION_LOST'],
    ['postgres', driverError('timeout exceeded when trying to connect', {}), 'unavailable', 'CONNECTION_LOST'],
    ['postgres', driverError('could not serialize access', { code: '40001' }), 'conflict', '40001'],
    ['postgres', driverError('deadlock detected', { code: '40P01' }), 'conflict', '40P01'],
    ['mssql', driverError('Database is not currently available', { number: 40613, code: 'EREQUEST' }), 'unavailable', '40613'],
    ['mssql', driverError('The service has encountered an error', { number: 40197 }), 'unavailable', '40197'],
    ['mssql', driverError('The service is currently busy', { number: 40501 }), 'unavailable', '40501'],
    ['mssql', driverError('Cannot open database', { number: 4060 }), 'unavailable', '4060'],
    ['mssql', driverError('resource limit', { number: 10928 }), 'unavailable', '10928'],
    ['mssql', driverError('was deadlocked on lock resources', { number: 1205 }), 'conflict', '1205'],
    ['mssql', driverError('Failed to connect in 5000ms', { code: 'ETIMEOUT' }), 'unavailable', 'ETIMEOUT'],
    ['mssql', driverError('Connection lost', { code: 'ESOCKET' }), 'unavailable', 'ESOCKET'],
    ['mssql', driverError('Login failed', { code: 'ELOGIN' }), 'unavailable', 'ELOGIN'],
    [
      'mariadb',
      driverError('Connection lost: The server closed the connection.', { code: 'PROTOCOL_CONNECTION_LOST' }),
      'unavailable',
      'PROTOCOL_CONNECTION_LOST',
    ],
    ['mariadb', driverError('connect ECONNREFUSED', { code: 'ECONNREFUSED', errno: -111 }), 'unavailable', 'ECONNREFUSED'],
    ['mariadb', driverError('Deadlock found', { code: 'ER_LOCK_DEADLOCK', errno: 1213 }), 'conflict', 'ER_LOCK_DEADLOCK'],
    [
      'mariadb',
      driverError('Lock wait timeout exceeded', { code: 'ER_LOCK_WAIT_TIMEOUT', errno: 1205 }),
      'conflict',
      'ER_LOCK_WAIT_TIMEOUT',
    ],
    ['better-sqlite3', driverError('database is locked', { code: 'SQLITE_BUSY' }), 'unavailable', 'SQLITE_BUSY'],
    ['better-sqlite3', driverError('unable to open database file', { code: 'SQLITE_CANTOPEN' }), 'unavailable', 'SQLITE_CANTOPEN'],
    ['better-sqlite3', driverError('disk I/O error', { code: 'SQLITE_IOERR_READ' }), 'unavailable', 'SQLITE_IOERR_READ'],
  ])('%s: %s is %s (%s)', (engine, error, kind, code) => {
    expect(databaseFault(engine, error)).toEqual({ kind, code, message: error.message });
    // the same error as TypeORM wraps a failed statement
    expect(databaseFault(engine, new QueryFailedError('SELECT 1', [], error))).toEqual({ kind, code, message: error.message });
  });

  test.each([
    ['postgres', driverError('duplicate key value violates unique constraint', { code: '23505' })],
    ['postgres', driverError('syntax error', { code: '42601' })],
    ['mssql', driverError('Violation of UNIQUE KEY constraint', { number: 2627 })],
    ['mariadb', driverError('Duplicate entry', { code: 'ER_DUP_ENTRY', errno: 1062 })],
    ['better-sqlite3', driverError('UNIQUE constraint failed', { code: 'SQLITE_CONSTRAINT_UNIQUE' })],
    // a number that is transient on one engine means something else on another
    ['postgres', driverError('x', { number: 40613 })],
  ])('%s: %s is no fault of the database', (engine, error) => {
    expect(databaseFault(engine, error)).toBeNull();
  });

  test('tedious: the socket code under a ConnectionError', () => {
    const error = driverError('Connection lost - read ECONNRESET', {
      code: 'ECONN',
      originalError: driverError('read ECONNRESET', { code: 'ECONNRESET' }),
    });
    expect(databaseFault('mssql', error)).toEqual({
      kind: 'unavailable',
      code: 'ECONNRESET',
      message: 'Connection lost - read ECONNRESET',
    });
  });
});
