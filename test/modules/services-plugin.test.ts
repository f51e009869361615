import Fastify from 'fastify';
import fp from 'fastify-plugin';
import { servicesPlugin } from '../../src/plugins/services.plugin';
import { testConfig } from '../support/test-app';

const fakeDatabase = fp(
  async (app) => {
    app.decorate('db', {} as never);
  },
  { name: 'database' },
);

describe('servicesPlugin', () => {
  it('refuses two modules that provide the same service, naming both files', async () => {
    const app = Fastify();
    await app.register(fakeDatabase);
    const provider = { services: () => ({ health: {} as never }) };
    app.register(servicesPlugin, {
      config: testConfig({ type: 'sqlite', database: ':memory:' } as never),
      modules: [
        { file: 'a.module.ts', module: provider },
        { file: 'b.module.ts', module: provider },
      ],
    });
    await expect(app.ready()).rejects.toThrow('Service "health" is provided by both a.module.ts and b.module.ts');
  });
});
