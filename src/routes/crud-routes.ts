import type { FastifyInstance, FastifyRequest } from 'fastify';
import { dtoSchema } from '../dto/dto-schema';
import type { Access } from '../plugins/authentication.plugin';
import type { CrudService } from '../services/crud.service';
import { idParams } from './id-param';
import { errorRef, schemaRef } from './shared-schemas';

type Class = abstract new (...args: never[]) => unknown;

export interface CrudRouteOptions<C, U, Q> {
  /** Singular, for docs: "product". */
  resource: string;
  tag: string;
  service: CrudService<{ id: number }, C, U, Q & { sort?: string }>;
  dto: { create: Class; update: Class; response: Class; list: Class };
  /**
   * Who may call each operation. Default: reads public when AUTH_PUBLIC_READS is on (else any logged-in
   * user), writes any logged-in user. Which records a user may change is the service's business (ownerField).
   */
  access?: Partial<Record<CrudOperation, Access>>;
}

export type CrudOperation = 'list' | 'get' | 'create' | 'update' | 'delete';

/** "an item", "a product": for the summaries Swagger UI shows. */
const withArticle = (noun: string) => `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;

/**
 * create (201) / get / list / PATCH / delete (204) for one resource. Every schema comes from the DTO classes,
 * so the same definitions validate the request, whitelist the response and document the route.
 */
export function registerCrudRoutes<C, U, Q>(app: FastifyInstance, options: CrudRouteOptions<C, U, Q>): void {
  const { resource, tag, service, dto } = options;
  // operationIds for generated clients: createProduct, listProducts, getProduct, updateProduct, deleteProduct
  const name = resource[0].toUpperCase() + resource.slice(1);
  const one = withArticle(resource);
  const read: Access = app.config.auth.publicReads ? 'public' : 'authenticated';
  const access: Record<CrudOperation, Access> = {
    list: read,
    get: read,
    create: 'authenticated',
    update: 'authenticated',
    delete: 'authenticated',
    ...options.access,
  };
  const actor = (request: FastifyRequest) => request.user ?? undefined;
  const response = schemaRef(app, dto.response, { response: true });
  // What each operation can answer besides the statuses every route shares (plugins/openapi-completion.ts):
  // 409 a unique value taken or a delete still referenced, 422 a reference to a record that is not there.
  const errors = {
    create: { 400: errorRef, 409: errorRef, 422: errorRef },
    get: { 400: errorRef, 404: errorRef },
    update: { 400: errorRef, 404: errorRef, 409: errorRef, 422: errorRef },
    delete: { 400: errorRef, 404: errorRef, 409: errorRef },
  };
  const described = (schema: object, description: string) => ({ ...schema, description });
  const page = {
    type: 'object',
    properties: {
      data: { type: 'array', items: response },
      pagination: {
        type: 'object',
        properties: {
          page: { type: 'integer' },
          pageSize: { type: 'integer' },
          totalItems: { type: 'integer' },
          totalPages: { type: 'integer' },
          nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page' },
        },
        required: ['pageSize', 'nextCursor'],
      },
    },
    required: ['data', 'pagination'],
  };
  type IdRoute = { Params: { id: string } };

  app.post<{ Body: C }>(
    '/',
    {
      config: { access: access.create },
      schema: {
        tags: [tag],
        operationId: `create${name}`,
        summary: `Create ${one}`,
        description: `Creates ${one} from the fields in the body; unknown fields are refused (400).`,
        body: schemaRef(app, dto.create),
        response: { 201: described(response, `The new ${resource}`), ...errors.create },
      },
    },
    async (request, reply) => reply.status(201).send(await service.create(request.body as C, actor(request))),
  );

  app.get<{ Querystring: Q }>(
    '/',
    {
      config: { access: access.list },
      schema: {
        tags: [tag],
        operationId: `list${name}s`,
        summary: `List ${resource}s`,
        description:
          `One page of ${resource}s, filtered and sorted by the query. Page with \`page\` (offset) or with \`cursor\` ` +
          "(the previous page's `nextCursor`, faster on deep pages), not both.",
        querystring: dtoSchema(dto.list),
        response: { 200: described(page, `A page of ${resource}s`), 400: errorRef },
      },
    },
    async (request) => service.list(request.query as Q & { sort?: string }),
  );

  app.get<IdRoute>(
    '/:id',
    {
      config: { access: access.get },
      schema: {
        tags: [tag],
        operationId: `get${name}`,
        summary: `Get ${one}`,
        description: `The ${resource} with this id.`,
        params: idParams,
        response: { 200: described(response, `The ${resource}`), ...errors.get },
      },
    },
    async (request) => service.get(Number(request.params.id), actor(request)),
  );

  app.patch<IdRoute & { Body: U }>(
    '/:id',
    {
      config: { access: access.update },
      schema: {
        tags: [tag],
        operationId: `update${name}`,
        summary: `Change some fields of ${one}`,
        description: 'Changes only the fields in the body (at least one); the others keep their values.',
        params: idParams,
        body: schemaRef(app, dto.update, { atLeastOne: true }),
        response: { 200: described(response, `The ${resource} as it now is`), ...errors.update },
      },
    },
    async (request) => service.update(Number(request.params.id), request.body as U, actor(request)),
  );

  app.delete<IdRoute>(
    '/:id',
    {
      config: { access: access.delete },
      schema: {
        tags: [tag],
        operationId: `delete${name}`,
        summary: `Delete ${one}`,
        description: `Deletes the ${resource}; refused (409) while other records still refer to it.`,
        params: idParams,
        response: { 204: { type: 'null', description: `Deleted` }, ...errors.delete },
      },
    },
    async (request, reply) => {
      await service.remove(Number(request.params.id), actor(request));
      return reply.status(204).send();
    },
  );
}
