/** The stable codes clients can rely on; the error handler maps each to one HTTP status. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STILL_REFERENCED: 409,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  REFERENCE_NOT_FOUND: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  DATABASE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  field: string;
  reason: string;
}

/** Services and repositories throw these; nothing below the routes knows about HTTP. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** No valid credentials: a missing, malformed, expired or forged token, or a wrong email/password pair. */
export class UnauthorizedError extends AppError {
  constructor(
    message = 'Authentication required: send an access token as "Authorization: Bearer <token>"',
    /** RFC 6750's error code when a token was sent but is no good (the client should refresh or log in again). */
    readonly tokenError?: 'invalid_token',
  ) {
    super('UNAUTHORIZED', message);
  }
}

/** Valid credentials, but this user may not do this (a role it lacks, or someone else's record). */
export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super('FORBIDDEN', message);
  }
}

export class NotFoundError extends AppError {
  constructor(resource: string, id: number | string) {
    super('NOT_FOUND', `${resource} ${id} was not found`);
  }
}

export class ConflictError extends AppError {
  constructor(field: string | undefined, reason = 'is already taken') {
    super('CONFLICT', field ? `${field} ${reason}` : 'the request conflicts with an existing record', field ? [{ field, reason }] : []);
  }
}

export class ReferenceNotFoundError extends AppError {
  constructor(field: string | undefined, target?: string) {
    const reason = target ? `refers to a ${target} that does not exist` : 'refers to a record that does not exist';
    super('REFERENCE_NOT_FOUND', field ? `${field} ${reason}` : reason, field ? [{ field, reason }] : []);
  }
}

export class StillReferencedError extends AppError {
  constructor(resource: string, referencedBy?: string) {
    super(
      'STILL_REFERENCED',
      `${resource} is still referenced${referencedBy ? ` by ${referencedBy}` : ''}; delete or reassign those first`,
    );
  }
}

export class ValidationFailedError extends AppError {
  constructor(details: ErrorDetail[]) {
    super('VALIDATION_FAILED', `Invalid input: ${details.map((d) => `${d.field} ${d.reason}`).join('; ')}`, details);
  }
}

/**
 * The database cannot serve right now (unreachable, restarting, failing over, locked) or kept refusing this
 * transaction after the retries: nothing is wrong with the request, and the same request later can succeed.
 */
export class DatabaseUnavailableError extends AppError {
  constructor(
    message = 'The database is unavailable; retry later',
    /** What the driver said (database-faults.ts), for the outage log; none when refused during a known outage. */
    readonly fault?: { kind: 'unavailable' | 'conflict'; code: string; message: string },
    /** Seconds, for the Retry-After header. */
    readonly retryAfter = 1,
  ) {
    super('DATABASE_UNAVAILABLE', message);
  }
}
