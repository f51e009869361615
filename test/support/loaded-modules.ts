import type { ConfigOverrides, startTestApp } from './test-app';

/**
 * Starts and closes an app in a fresh module registry and returns which of `names` (package names, or paths
 * relative to this folder) it loaded: how a test proves that a feature left off costs no require.
 */
export async function modulesLoadedBy(names: string[], overrides: ConfigOverrides): Promise<string[]> {
  const loaded: string[] = [];
  await jest.isolateModulesAsync(async () => {
    for (const name of names) {
      jest.doMock(name, () => {
        loaded.push(name);
        return jest.requireActual(name);
      });
    }
    const { startTestApp: start } = jest.requireActual<{ startTestApp: typeof startTestApp }>('./test-app');
    await (await start('sqlite', overrides)).close();
  });
  return loaded.sort();
}
