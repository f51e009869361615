import type { FastifyInstance } from 'fastify';
import { dtoSchema, JsonSchema, SchemaOptions } from '../dto/dto-schema';

type Class = abstract new (...args: never[]) => unknown;

export const ERROR_RESPONSE = 'ErrorResponse';

const errorResponse: JsonSchema = {
  $id: ERROR_RESPONSE,
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string', description: 'Stable machine-readable code, e.g. VALIDATION_FAILED, NOT_FOUND, CONFLICT' },
    error: { type: 'string' },
    message: { type: 'string' },
    details: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, reason: { type: 'string' } }, required: ['field', 'reason'] },
    },
    requestId: { type: 'string' },
  },
  required: ['statusCode', 'code', 'error', 'message'],
};

export function registerErrorSchema(app: FastifyInstance): void {
  app.addSchema(errorResponse);
}

/** Adds a DTO's schema once under its class name (an OpenAPI component) and returns a reference to it. */
export function schemaRef(app: FastifyInstance, dto: Class, options: SchemaOptions = {}): JsonSchema {
  const schema = dtoSchema(dto, options);
  const id = schema.title as string;
  if (!app.getSchema(id)) app.addSchema({ $id: id, ...schema });
  return { $ref: `${id}#` };
}

export const errorRef = { $ref: `${ERROR_RESPONSE}#` };
