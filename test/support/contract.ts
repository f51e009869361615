import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { isDecimalMultipleOf } from '../../src/dto/rules';

interface Header {
  $ref?: string;
  required?: boolean;
}
interface DeclaredResponse {
  content?: Record<string, { schema: unknown }>;
  headers?: Record<string, Header>;
}
interface OpenApi {
  paths: Record<string, Record<string, { responses: Record<string, DeclaredResponse> }>>;
  components?: { headers?: Record<string, Header> };
}

const pointer = (...parts: string[]) => parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/**
 * Checks responses against one OpenAPI document: the status is declared for the operation, the body is valid
 * against that status's schema (Ajv 2020, formats, multipleOf read in decimal as the server reads it), and every
 * header the document marks required is there. Requests to paths the document does not list (/docs, unknown
 * routes, HEAD and OPTIONS) are not the document's business and pass.
 */
export class ContractChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly templates: { path: string; pattern: RegExp }[];

  constructor(private readonly document: OpenApi) {
    addFormats(this.ajv);
    this.ajv.removeKeyword('multipleOf');
    this.ajv.addKeyword({
      keyword: 'multipleOf',
      type: 'number',
      schemaType: 'number',
      validate: (d: number, v: number) => isDecimalMultipleOf(v, d),
    });
    this.ajv.addSchema(document as object, 'openapi.json');
    this.templates = Object.keys(document.paths).map((path) => ({
      path,
      pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
    }));
  }

  /** The problems with one response, empty when it keeps the contract. */
  problems(method: string, url: string, response: LightMyRequestResponse): string[] {
    const pathname = new URL(url, 'http://localhost').pathname;
    const path = this.templates.find((template) => template.pattern.test(pathname))?.path;
    const operation = path ? this.document.paths[path][method.toLowerCase()] : undefined;
    if (!path || !operation) return [];
    const where = `${method.toUpperCase()} ${path} answered ${response.statusCode}`;
    const status = String(response.statusCode);
    const declared = operation.responses[status];
    if (!declared) return [`${where}, a status its operation does not declare (${Object.keys(operation.responses).join(', ')})`];
    const problems: string[] = [];
    for (const [name, header] of Object.entries(declared.headers ?? {})) {
      const resolved = header.$ref ? this.document.components?.headers?.[header.$ref.split('/').pop()!] : header;
      if (resolved?.required && response.headers[name.toLowerCase()] === undefined) problems.push(`${where} without its ${name} header`);
    }
    const json = declared.content?.['application/json'];
    if (!json) {
      if (response.payload !== '') problems.push(`${where} with a body, where the document declares none`);
      return problems;
    }
    const ref = `openapi.json#/${pointer('paths', path, method.toLowerCase(), 'responses', status, 'content', 'application/json', 'schema')}`;
    const validate = this.compiled.get(ref) ?? this.ajv.getSchema(ref)!;
    this.compiled.set(ref, validate);
    let body: unknown;
    try {
      body = response.json();
    } catch {
      return [...problems, `${where} with a body that is not JSON: ${response.payload.slice(0, 100)}`];
    }
    if (!validate(body)) {
      const errors = validate.errors!.map(
        (e) =>
          `${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}`,
      );
      problems.push(`${where} with a body its schema refuses: ${errors.join('; ')}`);
    }
    return problems;
  }
}

/**
 * From now on every `app.inject` of this app checks its response against the app's own OpenAPI document and
 * throws (failing the test that made the request) when the response breaks it. The document comes from
 * app.swagger(), not a request: rate-limit tests count their requests. Apps with the docs turned off are left alone.
 */
export function enforceContract(app: FastifyInstance): void {
  if (!app.hasDecorator('swagger')) return;
  const checker = new ContractChecker(app.swagger() as unknown as OpenApi);
  const inject = app.inject.bind(app) as (options: InjectOptions | string) => Promise<LightMyRequestResponse>;
  const checked = async (options: InjectOptions | string) => {
    const response = await inject(options);
    const { method = 'GET', url = '/', path } = typeof options === 'string' ? { url: options, path: undefined } : options;
    const target = path ?? url;
    const problems = checker.problems(String(method), typeof target === 'string' ? target : (target.pathname ?? '/'), response);
    if (problems.length) throw new Error(`Response breaks the OpenAPI document (test/support/contract.ts):\n  ${problems.join('\n  ')}`);
    return response;
  };
  app.inject = checked as typeof app.inject;
}
