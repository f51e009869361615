import http, { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyServerFactory } from 'fastify';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** What Fastify passes a server factory, its defaults filled in (fastify.js processOptions). */
interface FastifyHttpOptions {
  http?: http.ServerOptions;
  keepAliveTimeout: number;
  requestTimeout: number;
  connectionTimeout: number;
  maxRequestsPerSocket: number;
}

/**
 * Requests started per event-loop turn. Measured on a bare Node server (0.4 ms of work per request, 256 keep-alive
 * connections on 2 cores): at 16 a new connection's first answer came within 0.2 s, at 64 in 3.5 s, unbounded
 * after 5 s and more.
 */
const REQUESTS_PER_TURN = 16;

/**
 * Node accepts one new connection per event-loop turn (libuv 1.45 and later accept once per readiness event of
 * the listening socket), and one turn runs the handler of every request that arrived on every open connection.
 * With a few hundred busy keep-alive connections accepts came 170-300 ms apart, so the kernel's accept queue grows and
 * a new client waits seconds for its first answer, then gives up. Starting at most `perTurn` requests per turn,
 * the rest first come first served in the turns after, keeps every turn short; a server with less than that to
 * do per turn runs each request at once, as without it.
 */
export function inTurns(handler: Handler, perTurn: number): Handler {
  const waiting: Array<[IncomingMessage, ServerResponse]> = [];
  let startedThisTurn = 0;
  let turnScheduled = false;

  const nextTurn = () => {
    turnScheduled = false;
    startedThisTurn = 0;
    while (waiting.length && startedThisTurn < perTurn) {
      startedThisTurn++;
      const [request, response] = waiting.shift()!;
      handler(request, response);
    }
    if (waiting.length) scheduleTurn();
  };
  // setImmediate runs after this turn's I/O; one scheduled from inside it runs after the next turn's I/O, which
  // is where the listening socket gets its accept
  const scheduleTurn = () => {
    if (turnScheduled) return;
    turnScheduled = true;
    setImmediate(nextTurn);
  };

  return (request, response) => {
    scheduleTurn();
    if (waiting.length === 0 && startedThisTurn < perTurn) {
      startedThisTurn++;
      handler(request, response);
    } else {
      waiting.push([request, response]);
    }
  };
}

/**
 * Fastify's `serverFactory`: the HTTP/1 server Fastify would create (fastify/lib/server.js sets the same
 * timeouts on its own), with requests started in turns.
 */
export function serverInTurns(perTurn = REQUESTS_PER_TURN): FastifyServerFactory {
  return (handler, fastifyOptions) => {
    const options = fastifyOptions as unknown as FastifyHttpOptions;
    const server = http.createServer(options.http ?? {}, inTurns(handler, perTurn));
    server.keepAliveTimeout = options.keepAliveTimeout;
    server.requestTimeout = options.requestTimeout;
    server.setTimeout(options.connectionTimeout);
    if (options.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return server;
  };
}
