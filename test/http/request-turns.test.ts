import type { IncomingMessage, ServerResponse } from 'node:http';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { inTurns, serverInTurns } from '../../src/http/request-turns';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const fakeRequest = (n: number) => ({ url: `/${n}` }) as IncomingMessage;
const fakeResponse = {} as ServerResponse;

describe('requests started in turns (src/http/request-turns.ts)', () => {
  test('below the limit each request starts at once, in the same tick', () => {
    const started: string[] = [];
    const handle = inTurns((request) => started.push(request.url!), 4);
    handle(fakeRequest(1), fakeResponse);
    expect(started).toEqual(['/1']);
    handle(fakeRequest(2), fakeResponse);
    expect(started).toEqual(['/1', '/2']);
  });

  test('40 requests in one turn start 16 now, 16 next turn, 8 the turn after, first come first served', async () => {
    const started: number[] = [];
    const handle = inTurns((request) => started.push(Number(request.url!.slice(1))), 16);
    for (let n = 1; n <= 40; n++) handle(fakeRequest(n), fakeResponse);
    expect(started).toHaveLength(16);
    await nextTurn();
    expect(started).toHaveLength(32);
    await nextTurn();
    expect(started).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // a turn later the count starts again: the next request goes straight through
    await nextTurn();
    handle(fakeRequest(41), fakeResponse);
    expect(started.at(-1)).toBe(41);
  });

  test('a request arriving while others wait queues behind them', async () => {
    const started: number[] = [];
    const handle = inTurns((request) => started.push(Number(request.url!.slice(1))), 2);
    for (let n = 1; n <= 3; n++) handle(fakeRequest(n), fakeResponse);
    await nextTurn();
    expect(started).toEqual([1, 2, 3]);
    for (let n = 4; n <= 7; n++) handle(fakeRequest(n), fakeResponse);
    // the turn that started 3 has room for one more: 4 starts, 5 to 7 wait for the turns after
    expect(started).toEqual([1, 2, 3, 4]);
    await nextTurn();
    expect(started).toEqual([1, 2, 3, 4, 5, 6]);
    await nextTurn();
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  test('on a listening Fastify server: Fastify’s timeouts kept, every concurrent keep-alive request answered, at most the limit started per turn', async () => {
    const app = Fastify({ serverFactory: serverInTurns(4), keepAliveTimeout: 4321, requestTimeout: 8765, connectionTimeout: 5432 });
    let turn = 0;
    const startsPerTurn = new Map<number, number>();
    let ticking = true;
    const tick = () => {
      turn++;
      if (ticking) setImmediate(tick);
    };
    app.addHook('onRequest', async () => {
      startsPerTurn.set(turn, (startsPerTurn.get(turn) ?? 0) + 1);
    });
    app.get('/n/:n', async (req) => ({ n: Number((req.params as { n: string }).n) }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    expect(app.server.keepAliveTimeout).toBe(4321);
    expect(app.server.requestTimeout).toBe(8765);
    expect(app.server.timeout).toBe(5432);
    const { port } = app.server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true, maxSockets: 24 });
    const get = (n: number) =>
      new Promise<number>((resolve, reject) => {
        request({ agent, host: '127.0.0.1', port, path: `/n/${n}` }, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve((JSON.parse(body) as { n: number }).n));
        })
          .on('error', reject)
          .end();
      });
    try {
      // warm the 24 connections up, then send 24 requests at once, three rounds
      expect(await Promise.all(Array.from({ length: 24 }, (_, n) => get(n)))).toHaveLength(24);
      startsPerTurn.clear();
      setImmediate(tick);
      for (let round = 0; round < 3; round++) {
        const ns = Array.from({ length: 24 }, (_, n) => round * 100 + n);
        expect(await Promise.all(ns.map(get))).toEqual(ns);
      }
      const starts = [...startsPerTurn.values()];
      expect(starts.reduce((sum, n) => sum + n, 0)).toBe(72);
      expect(Math.max(...starts)).toBeLessThanOrEqual(4);
    } finally {
      ticking = false;
      agent.destroy();
      await app.close();
    }
  });
});
