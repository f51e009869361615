import { stdSerializers } from 'pino';

/** Keys whose values never reach a log line, at any depth of a logged object, compared without case. */
const SECRET_KEYS = new Set(
  ['authorization', 'cookie', 'set-cookie', 'password', 'currentPassword', 'passwordHash', 'accessToken', 'refreshToken', 'tokenHash'].map(
    (key) => key.toLowerCase(),
  ),
);
/** A failed query's bound values (QueryFailedError.parameters, and its driverError's) can hold a password hash. */
const ERROR_SECRET_KEYS = new Set([...SECRET_KEYS, 'parameters']);

export const CENSORED = '[Redacted]';
/** Deeper than any object this app logs; it also ends the walk on a cycle. */
const MAX_DEPTH = 8;

type Fields = Record<string, unknown>;

function isPlainObject(value: object): value is Fields {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function censor(value: unknown, secrets: Set<string>, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  if (value instanceof Error) return censorFields(stdSerializers.err(value) as unknown as Fields, ERROR_SECRET_KEYS, depth);
  if (Array.isArray(value)) return value.map((item) => censor(item, secrets, depth + 1));
  return isPlainObject(value) ? censorFields(value, secrets, depth) : value;
}

function censorFields(fields: Fields, secrets: Set<string>, depth: number): Fields {
  const copy: Fields = {};
  for (const key of Object.keys(fields)) {
    copy[key] = secrets.has(key.toLowerCase()) ? CENSORED : censor(fields[key], secrets, depth + 1);
  }
  return copy;
}

/**
 * Pino formatters that censor credentials (`headers.authorization`, cookies), passwords, tokens and a failed
 * query's parameters in every logged object and child binding, so a careless `request.log.info({ body })`
 * cannot leak them either. They run only when a line is written: pino's own `redact` paths cost every request
 * about 16 µs at any level, because Fastify makes a child logger per request (bench/README.md). Errors are
 * serialized here (pino's err serializer) so their properties are censored too; request and reply objects
 * are left to Fastify's serializers, which log no headers.
 */
export const redactingFormatters = {
  log: (object: Fields): Fields => censorFields(object, SECRET_KEYS, 0),
  bindings: (bindings: Fields): Fields => censorFields(bindings, SECRET_KEYS, 0),
};
