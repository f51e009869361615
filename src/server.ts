import { buildApp } from './app';
import { loadConfig } from './config/load-config';
import { explainListenError } from './http/listen-error';

/** Listens, and on SIGTERM/SIGINT stops taking connections, finishes in-flight requests and closes the pool. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await buildApp(config);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      app.log.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    timer.unref();
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ host: config.api.host, port: config.api.port }).catch((error: NodeJS.ErrnoException) => {
    throw explainListenError(error, config.api);
  });
}

main().catch((error: Error) => {
  // A config or database problem: print the actionable message, not a stack trace.
  console.error(`\n${error.message}\n`);
  process.exit(1);
});
