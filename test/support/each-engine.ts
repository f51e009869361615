import { ALL_ENGINES, Engine, ENGINE_URL_VARIABLE, isEnabled } from './test-databases';

/**
 * `describe` once per engine. SQLite always runs; a server engine runs when its TEST_*_URL is set and
 * otherwise shows up as skipped with the variable that would enable it.
 */
export function describeEachEngine(title: string, body: (engine: Engine) => void, engines: Engine[] = ALL_ENGINES): void {
  for (const engine of engines) {
    if (isEnabled(engine)) {
      describe(`${title} [${engine}]`, () => body(engine));
    } else {
      const variable = ENGINE_URL_VARIABLE[engine as Exclude<Engine, 'sqlite'>];
      describe.skip(`${title} [${engine}: skipped, set ${variable} to run]`, () => {
        it('runs when the engine is configured', () => undefined);
      });
    }
  }
}
