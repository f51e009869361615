import type { FastifyPluginAsync } from 'fastify';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import type { StoreProbe } from '../services/health.service';

/**
 * The services routes can reach through `app.services`. Empty here on purpose: each module adds its own
 * entries by declaration merging, so a new resource never edits a shared list.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging in each module
export interface Services {}

export interface ModuleContext {
  db: DataSource;
  config: AppConfig;
  /** The Redis several instances share (REDIS_URL), when there is one. */
  sharedStore?: StoreProbe;
}

/**
 * One resource wired together: how its services are built from repositories, and where its routes mount.
 * Modules are the composition root, the one place allowed to know every layer.
 */
export interface AppModule {
  services?: (context: ModuleContext) => Partial<Services>;
  routes?: { prefix: string; plugin: FastifyPluginAsync };
}

export function defineModule(module: AppModule): AppModule {
  return module;
}
