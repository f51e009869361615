import fp from 'fastify-plugin';
import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { DatabaseConnectionError } from '../database/connection-target';
import { createDataSource } from '../database/data-source';
import { DatabaseOutage } from '../database/database-outage';
import { databaseProbe } from '../database/database-probe';
import { SqliteFile } from '../database/sqlite-file';
import { TransientRetry } from '../database/transient-retry';
import { DatabaseUnavailableError } from '../errors/app-error';
import { ensureSchemaIsCurrent } from '../database/schema-status';

declare module 'fastify' {
  interface FastifyInstance {
    db: DataSource;
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface DatabasePluginOptions {
  database: DatabaseConfig;
}

/** Opens the one DataSource, checks the schema is current, and closes the pool when the app closes. */
export const databasePlugin = fp<DatabasePluginOptions>(
  async (app, { database }) => {
    const dataSource = createDataSource(database);
    const created = SqliteFile.isMissing(database);
    try {
      await dataSource.initialize();
    } catch (error) {
      throw new DatabaseConnectionError(database, error);
    }
    app.decorate('db', dataSource);
    const file = SqliteFile.track(dataSource, database);
    // never silent: a file that vanished between two runs comes back empty here
    if (created && file) app.log.warn({ path: file.path }, `no database at ${file.path}: created a new, empty one`);
    // info, not warn: a retried fault is handled; an outage is what the error and warn lines report
    TransientRetry.of(dataSource).log = (entry, message) => app.log.info(entry, message);
    const outage = DatabaseOutage.watch(dataSource, app.log, databaseProbe(dataSource, database));
    // While an outage is known, an API request is refused unless a quick probe finds the database back: waiting
    // on a dead pool or a locked file would hold each one for the connect or busy timeout.
    // A callback hook: no promise per request while the database is fine.
    let fileGoneLogged = false;
    app.addHook('onRequest', (request, _reply, done) => {
      if (!request.url.startsWith('/api/')) return done();
      // a write is checked against the file it would land in; reads of the open file stay true until a restart
      if (file && WRITES.has(request.method)) {
        const problem = file.problem();
        if (problem) {
          if (!fileGoneLogged)
            app.log.error({ path: file.path }, `${problem}: refusing writes (503) until the service restarts on a database file`);
          fileGoneLogged = true;
          return done(new DatabaseUnavailableError());
        }
      }
      if (!outage.isDown) return done();
      outage.admit().then((back) => done(back ? undefined : new DatabaseUnavailableError()), done);
    });
    app.addHook('onClose', async () => {
      outage.stop();
      if (dataSource.isInitialized) await dataSource.destroy();
    });
    try {
      await ensureSchemaIsCurrent(dataSource, database, app.log, app.config.env);
    } catch (error) {
      await dataSource.destroy();
      throw error;
    }
  },
  { name: 'database' },
);
