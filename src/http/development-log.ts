import { FastifyReply, FastifyRequest, LogController } from 'fastify';

/**
 * pino-pretty for a developer's terminal: one line per entry, without the process id and host name that are the
 * same on every line. Production and test keep pino's JSON.
 */
export const DEVELOPMENT_PRETTY_OPTIONS = {
  translateTime: 'SYS:HH:MM:ss',
  singleLine: true,
  ignore: 'pid,hostname,reqId,responseTime,statusCode,route',
} as const;

/**
 * Development's request log: Fastify's two multi-line entries per request ("incoming request", "request
 * completed") become one line that says what a developer scans for, `GET /api/v1/products/:id 200 3.1 ms (req
 * 7c1e…)`; the request's detail (url, host, client address) stays at LOG_LEVEL=debug. A 4xx also has the error
 * handler's line with its reason.
 */
export class DevelopmentLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const route = request.routeOptions.url ?? request.url;
    const line = `${request.method} ${route} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)} ms (req ${request.id})`;
    const fields = { route, statusCode: reply.statusCode, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...fields, err: error }, line);
    else reply.log.info(fields, line);
  }
}
