import type { ApiConfig } from '../config/app-config';

/**
 * What an operator should do when the server cannot listen, instead of Node's `listen EADDRINUSE: address already
 * in use 127.0.0.1:3100`. The errno stays in the message for whoever searches for it. Anything else is left as is.
 */
export function explainListenError(error: NodeJS.ErrnoException, api: Pick<ApiConfig, 'host' | 'port'>): Error {
  const { host, port } = api;
  switch (error.code) {
    case 'EADDRINUSE':
      return new Error(`port ${port} is in use on ${host} (EADDRINUSE): stop what holds it, or set API_PORT to a free port`);
    case 'EACCES':
      return new Error(`port ${port} needs privileges this process lacks (EACCES): set API_PORT to 1024 or above`);
    case 'EADDRNOTAVAIL':
      return new Error(`API_HOST ${host} is not an address of this machine (EADDRNOTAVAIL): set API_HOST (0.0.0.0 listens on all)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new Error(`API_HOST ${host} does not resolve (${error.code}): set API_HOST to an address or a known name`);
    default:
      return error;
  }
}
