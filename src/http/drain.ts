import { Server } from 'node:net';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** Set once a shutdown begins: every response then says `Connection: close`, and readiness answers 503. */
    lifecycle: { draining: boolean };
  }
}

/**
 * The first step of a graceful shutdown, before `app.close()`: from now on every response carries
 * `Connection: close`; the listening socket closes (no new connections) while the connections already open stay
 * open for up to `graceMs`, so a kept-alive client whose next request is already on the wire gets its answer
 * (with `Connection: close`) instead of a reset. Resolves once every connection has gone or the grace is over.
 */
export async function drainConnections(app: FastifyInstance, graceMs: number): Promise<void> {
  app.lifecycle.draining = true;
  // net.Server's close, not http.Server's: since Node 19 the latter also destroys every connection that is idle
  // at that instant, and a keep-alive connection between two requests is idle while the client is writing the
  // next one. That reset is what `app.close()` alone does to clients under load.
  const allGone = new Promise<void>((resolve) => Server.prototype.close.call(app.server, () => resolve()));
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
  await Promise.race([allGone, grace]);
  clearTimeout(timer);
}
