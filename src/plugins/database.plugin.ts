import fp from 'fastify-plugin';
import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { DatabaseConnectionError } from '../database/connection-target';
import { createDataSource } from '../database/data-source';
import { DatabaseOutage } from '../database/database-outage';
import { databaseProbe } from '../database/database-probe';
import { TransientRetry } from '../database/transient-retry';
import { DatabaseUnavailableError } from '../errors/app-error';
import { ensureSchemaIsCurrent } from '../database/schema-status';

declare module 'fastify' {
  interface FastifyInstance {
    db: DataSource;
  }
}

export interface DatabasePluginOptions {
  database: DatabaseConfig;
}

/** Opens the one DataSource, checks the schema is current, and closes the pool when the app closes. */
export const databasePlugin = fp<DatabasePluginOptions>(
  async (app, { database }) => {
    const dataSource = createDataSource(database);
    try {
      await dataSource.initialize();
    } catch (error) {
      throw new DatabaseConnectionError(database, error);
    }
    app.decorate('db', dataSource);
    // info, not warn: a retried fault is handled; an outage is what the error and warn lines report
    TransientRetry.of(dataSource).log = (entry, message) => app.log.info(entry, message);
    const outage = DatabaseOutage.watch(dataSource, app.log, databaseProbe(dataSource, database));
    // While an outage is known, an API request is refused unless a quick probe finds the database back: waiting
    // on a dead pool or a locked file would hold each one for the connect or busy timeout.
    // A callback hook: no promise per request while the database is fine.
    app.addHook('onRequest', (request, _reply, done) => {
      if (!outage.isDown || !request.url.startsWith('/api/')) return done();
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
