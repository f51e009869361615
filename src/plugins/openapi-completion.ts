import { decimalUpTo, MAX_ID } from '../routes/id-param';
import { ERROR_RESPONSE } from '../routes/shared-schemas';

/**
 * What every route answers besides its own responses, added to the generated document in one place, each
 * because of a piece of code that answers it on every matching route:
 * - 429 everywhere: @fastify/rate-limit covers every route (security.plugin.ts), with Retry-After;
 * - 500 everywhere: the error handler's answer to anything it cannot map (http/error-handler.ts);
 * - 413 and 415 on routes with a body, and on DELETE, whose body Fastify reads too: the body limit and the JSON-only
 *   content-type parser (app.ts);
 * - 414 on routes with a path parameter: Fastify's router refuses a parameter longer than maxParamLength (100);
 * - 503 with Retry-After under /api/: the outage and missing-file checks (database.plugin.ts), and the shared
 *   rate-limit store when it fails closed (shared-rate-limit-store.ts);
 * - `x-request-id` on every response (app.ts's onSend hook), WWW-Authenticate on every 401 (RFC 9110 15.5.2).
 * Public routes get `security: []`, so that tools do not read a missing list as "inherits a global one".
 * A path id is validated as text (id-param.ts: Ajv would coerce `0x10` to 16) but is exactly an integer from 1 to
 * MAX_ID written in decimal, and is documented as that integer, so generated clients take a number.
 */

type Json = Record<string, unknown>;
interface Response {
  description?: string;
  headers?: Record<string, Json>;
  content?: Json;
}
interface Parameter {
  in: string;
  name: string;
  schema?: Json;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: unknown;
  security?: unknown[];
  responses: Record<string, Response>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { headers?: Record<string, Json> };
}

/** What each status means on this API; a route gives its success responses their own description. */
export const STATUS_DESCRIPTIONS: Record<string, string> = {
  200: 'Success',
  201: 'Created',
  204: 'Done; no body',
  400: 'Bad input: `details` names each field and what is wrong with it',
  401: 'No valid access token (missing, malformed, expired or revoked), or wrong credentials',
  403: 'Logged in, but not allowed to do this (an admin-only route, or a record of another user)',
  404: 'No such record',
  409: 'Conflicts with existing data: a unique value already taken, or still referenced by other records',
  413: 'The body is larger than BODY_LIMIT_BYTES',
  414: 'A path parameter longer than 100 characters',
  415: 'The body is not JSON: send it with Content-Type: application/json',
  422: 'Refers to a record that does not exist',
  429: 'Too many requests from this client: wait for Retry-After seconds',
  500: 'Unexpected server error; the body carries only the requestId to quote in a report',
  503: 'The database (or, with RATE_LIMIT_REDIS_FAILURE=closed, the shared rate-limit store) is unreachable: retry after Retry-After seconds',
};

const header = (description: string, schema: Json = { type: 'string' }): Json => ({ description, required: true, schema });
/** Declared once under components.headers, referenced from each response. */
const HEADERS = {
  RequestId: header('Identifies the request in the logs; echoes the x-request-id the client sent, if any'),
  RetryAfter: header('Seconds to wait before retrying', { type: 'string', pattern: '^[0-9]+$' }),
  WwwAuthenticate: header('The scheme that would work: `Bearer realm="api"`, with `error="invalid_token"` when a token was refused'),
};
const ref = (name: keyof typeof HEADERS) => ({ $ref: `#/components/headers/${name}` });

const errorResponse = (status: string): Response => ({
  description: STATUS_DESCRIPTIONS[status],
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_RESPONSE}` } } },
});

const ID_PATTERN = decimalUpTo(MAX_ID);

function completeOperation(path: string, method: string, operation: Operation): void {
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in === 'path' && parameter.schema?.pattern === ID_PATTERN) {
      parameter.schema = { type: 'integer', minimum: 1, maximum: MAX_ID, description: parameter.schema.description };
    }
  }
  const added = ['429', '500'];
  if (operation.requestBody || method === 'delete') added.push('413', '415');
  if (path.includes('{')) added.push('414');
  if (path.startsWith('/api/')) added.push('503');
  for (const status of added) operation.responses[status] ??= errorResponse(status);
  operation.security ??= [];
  for (const [status, response] of Object.entries(operation.responses)) {
    if (!response.description || response.description === 'Default Response') {
      const description = STATUS_DESCRIPTIONS[status];
      if (!description) throw new Error(`${path}: no description for status ${status} (openapi-completion.ts STATUS_DESCRIPTIONS)`);
      response.description = description;
    }
    response.headers = { 'x-request-id': ref('RequestId'), ...response.headers };
    // /health/ready's own 503 (draining, schema behind) carries no Retry-After: only the API's outage answer does
    if (status === '429' || (status === '503' && path.startsWith('/api/'))) response.headers['Retry-After'] = ref('RetryAfter');
    if (status === '401') response.headers['WWW-Authenticate'] = ref('WwwAuthenticate');
  }
}

/** Completes the document @fastify/swagger generated (its transformObject hook); returns the same object. */
export function completeDocument<T extends object>(document: T): T {
  const openapi = document as unknown as Document;
  openapi.components = { ...openapi.components, headers: { ...openapi.components?.headers, ...HEADERS } };
  for (const [path, methods] of Object.entries(openapi.paths)) {
    for (const [method, operation] of Object.entries(methods)) completeOperation(path, method, operation);
  }
  return document;
}
