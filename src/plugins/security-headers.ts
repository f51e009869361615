import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * helmet's default CSP asks the browser to fetch every asset over HTTPS (`upgrade-insecure-requests`). Over plain
 * HTTP on any name but localhost (a VM, a staging box, a container reached by IP) every Swagger UI asset then
 * fails and /docs is a blank page, with nothing logged. Served over HTTPS the directive changes nothing, since
 * same-origin assets are HTTPS already; TLS belongs to the proxy in front, and HSTS still tells browsers to use it.
 */
const HELMET_OPTIONS = { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } };

/**
 * The headers helmet's defaults set (CSP aside, above), computed once. They are the same for every response, yet
 * @fastify/helmet builds the helmet middleware again on every request: half the CPU time of a GET by id
 * went there (bench/README.md). Running it once against a recording response gives the same headers.
 */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(HELMET_OPTIONS)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}
