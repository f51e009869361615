import 'reflect-metadata';
import { loadConfig } from './src/config/load-config';
import { createDataSource } from './src/database/data-source';

/** The DataSource TypeORM's CLI uses (`-d ormconfig.ts`): the same config and options as the app. */
export default createDataSource(loadConfig().database);
