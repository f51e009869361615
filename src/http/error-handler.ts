import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import { DatabaseOutage } from '../database/database-outage';
import { translateDriverError } from '../database/translate-driver-error';
import { AppError, DatabaseUnavailableError, ERROR_STATUS, UnauthorizedError, ValidationFailedError } from '../errors/app-error';
import { validationDetails } from './validation-details';

/** Fastify's own errors that have a code of ours; a message here replaces Fastify's bare status text. */
const FASTIFY_CODES: Record<string, { code: AppError['code']; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'The body must be JSON: send it with Content-Type: application/json',
  },
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function toAppError(error: FastifyError, dataSource: DataSource | undefined): AppError | null {
  if (error instanceof AppError) return error;
  if (error.validation) {
    return new ValidationFailedError(validationDetails(error.validation, error.validationContext ?? 'request'));
  }
  const known = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (known) return new AppError(known.code, known.message ?? error.message);
  // Fastify's own 4xx (malformed JSON, bad content-length, ...) carry safe messages.
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return new AppError('BAD_REQUEST', error.message);
  return dataSource ? translateDriverError(dataSource, error) : null;
}

/** The one place errors become responses: stable codes, named fields, and nothing internal on a 5xx. */
export function buildErrorHandler(getDataSource: () => DataSource | undefined) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const dataSource = getDataSource();
    const appError = toAppError(error, dataSource);
    if (!appError) {
      request.log.error({ err: error }, 'unhandled error');
      return reply.status(500).send({
        statusCode: 500,
        code: 'INTERNAL_ERROR',
        error: STATUS_TEXT[500],
        message: 'Internal server error',
        requestId: request.id,
      });
    }
    const status = appError.code === 'BAD_REQUEST' && error.statusCode ? error.statusCode : ERROR_STATUS[appError.code];
    if (appError instanceof DatabaseUnavailableError) {
      // logged once per outage (database-outage.ts), not once per request
      if (dataSource) DatabaseOutage.of(dataSource)?.refused(appError.fault);
    } else {
      request.log.info({ code: appError.code, details: appError.details }, appError.message);
    }
    // every 503 says when to come back (RFC 9110 section 10.2.3): the database's own estimate, else a second
    if (status === 503) reply.header('retry-after', String(appError instanceof DatabaseUnavailableError ? appError.retryAfter : 1));
    // RFC 9110 section 15.5.2: a 401 names the scheme that would work; RFC 6750 adds why a token failed.
    if (appError instanceof UnauthorizedError) {
      reply.header('www-authenticate', `Bearer realm="api"${appError.tokenError ? `, error="${appError.tokenError}"` : ''}`);
    }
    return reply.status(status).send({
      statusCode: status,
      code: appError.code,
      error: STATUS_TEXT[status] ?? 'Error',
      message: appError.message,
      ...(appError.details.length ? { details: appError.details } : {}),
      requestId: request.id,
    });
  };
}

/** What Fastify's router refuses by itself, with our code and message. */
const FRAMEWORK_ERRORS: Record<string, { code: AppError['code']; message: string }> = {
  FST_ERR_BAD_URL: { code: 'BAD_REQUEST', message: 'The URL is not valid percent-encoding' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'URI_TOO_LONG', message: 'A path parameter is longer than 100 characters' },
};

/**
 * Fastify's `frameworkErrors`: what its router answers by itself, before any hook ran (a URL whose percent-encoding
 * does not decode, a path parameter over maxParamLength), in the shape and with the x-request-id of every other error.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
  if (!known) request.log.error({ err: error }, 'unhandled framework error');
  const status = known ? ERROR_STATUS[known.code] : 500;
  return reply
    .status(status)
    .header('x-request-id', request.id)
    .send({
      statusCode: status,
      code: known?.code ?? 'INTERNAL_ERROR',
      error: STATUS_TEXT[status],
      message: known?.message ?? 'Internal server error',
      requestId: request.id,
    });
}
