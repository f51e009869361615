import { Agent, request } from 'node:http';

export interface LoadTally {
  /** Answered 2xx. */
  ok: number;
  /** The connection was reset or hung up with the request sent: for a POST, the client cannot know its fate. */
  resets: number;
  /** Answered, but not 2xx (e.g. Fastify's 503 for a request that arrives once closing began). */
  failed: number;
  /** A new connection refused: the request never reached the server, so it is safe to send elsewhere. */
  refused: number;
  /** Ids of the records a 201 acknowledged. */
  created: number[];
  /** Responses that told the client to hang up. */
  connectionClose: number;
  errors: string[];
}

interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

type Outcome = { status: number; body: string; close: boolean } | { error: NodeJS.ErrnoException };

function send(agent: Agent, port: number, headers: Record<string, string>, call: Call): Promise<Outcome> {
  return new Promise((resolve) => {
    const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: call.method,
        path: call.path,
        headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, close: res.headers.connection === 'close' }));
        res.on('error', (error) => resolve({ error }));
      },
    );
    req.on('error', (error) => resolve({ error }));
    req.end(payload);
  });
}

/**
 * One client on one kept-alive connection, sending GET one, GET list and POST back to back until `stop()` or
 * until a new connection is refused (the server stopped accepting: a well-behaved client goes elsewhere).
 */
async function client(port: number, headers: Record<string, string>, itemId: number, tally: LoadTally, stopped: () => boolean) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const calls: Call[] = [
    { method: 'GET', path: `/api/v1/items/${itemId}` },
    { method: 'GET', path: '/api/v1/items?pageSize=5' },
    { method: 'POST', path: '/api/v1/items', body: { name: 'drain' } },
  ];
  try {
    for (let i = 0; !stopped(); i++) {
      const outcome = await send(agent, port, headers, calls[i % calls.length]);
      if ('error' in outcome) {
        if (outcome.error.code === 'ECONNREFUSED') {
          tally.refused++;
          return;
        }
        if (outcome.error.code === 'ECONNRESET' || /socket hang up/.test(outcome.error.message)) tally.resets++;
        else tally.failed++;
        tally.errors.push(`${calls[i % calls.length].method} ${outcome.error.code ?? ''} ${outcome.error.message}`);
        continue;
      }
      if (outcome.close) tally.connectionClose++;
      if (outcome.status >= 200 && outcome.status < 300) tally.ok++;
      else {
        tally.failed++;
        tally.errors.push(`${calls[i % calls.length].method} ${outcome.status} ${outcome.body.slice(0, 120)}`);
      }
      if (outcome.status === 201) tally.created.push((JSON.parse(outcome.body) as { id: number }).id);
    }
  } finally {
    agent.destroy();
  }
}

/** `connections` clients at once; resolves with the tally when every one has stopped. */
export function keepAliveLoad(port: number, headers: Record<string, string>, itemId: number, connections: number) {
  const tally: LoadTally = { ok: 0, resets: 0, failed: 0, refused: 0, created: [], connectionClose: 0, errors: [] };
  let stop = false;
  const done = Promise.all(Array.from({ length: connections }, () => client(port, headers, itemId, tally, () => stop))).then(() => tally);
  return {
    tally,
    done,
    stop: () => {
      stop = true;
    },
  };
}
