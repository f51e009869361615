import type { DatabaseConfig } from '../config/app-config';

const PREFIX = { mssql: 'MSSQL', postgres: 'POSTGRES', mariadb: 'MARIADB' } as const;

/** "postgres at 127.0.0.1:5432, database app, user app": everything that identifies it, never the password. */
export function describeTarget(db: DatabaseConfig): string {
  if (db.type === 'sqlite') return `sqlite file ${db.path}`;
  return `${db.type} at ${db.host}:${db.port}, database ${db.database}, user ${db.username}`;
}

/** What to check, in the terms of the settings the user can change. */
function advice(db: DatabaseConfig, cause: string): string {
  if (db.type === 'sqlite') return `Check that SQLITE_PATH points to a writable location.`;
  const p = PREFIX[db.type];
  // tedious reports a refused port as "Could not connect (sequence)"
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|ESOCKET|timeout|could not connect/i.test(cause)) {
    return `Is the server running and reachable? Check ${p}_HOST and ${p}_PORT.`;
  }
  if (/password|login failed|access denied|authentication/i.test(cause)) {
    return `The server refused the login: check ${p}_USER and ${p}_PASSWORD.`;
  }
  if (/database .* does not exist|cannot open database|unknown database/i.test(cause)) {
    return `The database does not exist: create it, or fix ${p}_DB.`;
  }
  if (/certificate|self.signed|SSL|TLS/i.test(cause)) {
    return db.type === 'mssql'
      ? 'TLS failed: for a local server with a self-signed certificate set MSSQL_TRUST_SERVER_CERTIFICATE=true.'
      : `TLS failed: check ${p}_SSL.`;
  }
  return `Check the ${p}_* settings in .env (npm run config:check tests them).`;
}

export class DatabaseConnectionError extends Error {
  constructor(db: DatabaseConfig, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Cannot connect to ${describeTarget(db)}: ${reason}\n${advice(db, reason)}`, { cause });
    this.name = 'DatabaseConnectionError';
  }
}
