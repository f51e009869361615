import fp from 'fastify-plugin';
import type { AppConfig } from '../config/app-config';
import type { AppModule, ModuleContext, Services } from '../modules/app-module';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

export interface ServicesPluginOptions {
  config: AppConfig;
  modules: Array<{ file: string; module: AppModule }>;
  sharedStore?: ModuleContext['sharedStore'];
}

/** Builds every module's services once; routes only ever see `app.services`. */
export const servicesPlugin = fp<ServicesPluginOptions>(
  async (app, { config, modules, sharedStore }) => {
    const services: Partial<Services> = {};
    const providedBy = new Map<string, string>();
    for (const { file, module } of modules) {
      for (const [name, service] of Object.entries(module.services?.({ db: app.db, config, sharedStore }) ?? {})) {
        const earlier = providedBy.get(name);
        if (earlier) throw new Error(`Service "${name}" is provided by both ${earlier} and ${file}`);
        providedBy.set(name, file);
        Object.assign(services, { [name]: service });
      }
    }
    app.decorate('services', services as Services);
  },
  { name: 'services', dependencies: ['database'] },
);
