import fp from 'fastify-plugin';
import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { DatabaseConnectionError } from '../database/connection-target';
import { createDataSource } from '../database/data-source';
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
    app.addHook('onClose', async () => {
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
