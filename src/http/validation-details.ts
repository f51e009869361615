import type { FastifySchemaValidationError } from 'fastify/types/schema';
import type { ErrorDetail } from '../errors/app-error';

type AjvError = FastifySchemaValidationError & {
  params: Record<string, unknown>;
  message?: string;
  parentSchema?: { 'x-error'?: string; multipleOf?: number };
};

function reasonFor(error: AjvError): string {
  const p = error.params;
  const own = error.parentSchema?.['x-error'];
  if (own && (error.keyword === 'pattern' || error.keyword === 'anyOf')) return own;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not an allowed field';
    case 'type':
      return `must be of type ${String(p.type).replace(',', ' or ')}`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${p.limit} characters`;
    case 'maxLength':
      return `must be at most ${p.limit} characters`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${p.comparison} ${p.limit}`;
    case 'multipleOf': {
      const divisor = error.parentSchema?.multipleOf ?? 1;
      const places = -Math.log10(divisor);
      return Number.isInteger(places) && places > 0 ? `must have at most ${places} decimal places` : `must be a multiple of ${divisor}`;
    }
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).filter((v) => v !== null).join(', ')}`;
    case 'format':
      return `must be a valid ${p.format}`;
    case 'minProperties':
      return 'must contain at least one field';
    default:
      return error.message ?? 'is invalid';
  }
}

function fieldOf(error: AjvError, context: string): string {
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const child = (error.params.missingProperty ?? error.params.additionalProperty) as string | undefined;
  return [path, child].filter(Boolean).join('.') || context;
}

/** Ajv's errors as `{ field, reason }`, one per field and reason, in the order they were found. */
export function validationDetails(errors: FastifySchemaValidationError[], context: string): ErrorDetail[] {
  const seen = new Set<string>();
  const details: ErrorDetail[] = [];
  for (const error of errors as AjvError[]) {
    // a branch of an anyOf that failed: the anyOf's own error that follows says what was wanted
    if (error.schemaPath.includes('/anyOf/')) continue;
    const detail = { field: fieldOf(error, context), reason: reasonFor(error) };
    const key = `${detail.field}\u0000${detail.reason}`;
    if (!seen.has(key)) details.push(detail);
    seen.add(key);
  }
  return details;
}
