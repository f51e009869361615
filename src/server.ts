import { buildApp } from './app';
import { loadConfig } from './config/load-config';
import { drainConnections } from './http/drain';
import { explainListenError } from './http/listen-error';

/** How long kept-alive connections may still send a request (answered with `Connection: close`) after a signal. */
const DRAIN_GRACE_MS = 1_000;

/**
 * Listens, and on SIGTERM/SIGINT: readiness 503 and `Connection: close` on every response at once, no new
 * connections, a second for kept-alive clients to send what they had on the wire, then in-flight requests
 * finish, the rest are closed and the pool too.
 */
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
    // no load balancer waits on a developer's machine: `npm run dev` restarts without the grace second
    await drainConnections(app, config.env === 'development' ? 0 : DRAIN_GRACE_MS);
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
