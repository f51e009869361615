import { isDeepStrictEqual } from 'node:util';
import { call } from './http-client';
import type { Target } from './target-process';
import type { Workload } from './workloads';

type Json = Record<string, unknown>;

/** Keys and JSON types, recursively: what a client of either target would see, values aside. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shape(value[0])] : [];
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Json)
        .map(([key, v]) => [key, shape(v)])
        .sort(),
    );
  return value === null ? 'null' : typeof value;
}

/**
 * Before anything is timed: both targets answer every workload with its expected status; reads give the very
 * same JSON, writes the same shape (their ids and timestamps differ). A floor that did less would flatter us.
 */
export async function assertSameJson(project: Target, floor: Target, all: Workload[], token: string): Promise<void> {
  for (const workload of all) {
    const request = workload.next();
    // the same request to both, except creates: a second one with the same sku would be a 409
    const requests = workload.name === 'create' ? [request, workload.next()] : [request, request];
    const replies = [];
    for (const [index, target] of [project, floor].entries()) {
      const reply = await call(target.origin, requests[index], workload.writes ? token : undefined);
      if (reply.status !== request.expect) {
        throw new Error(`${target.name} answered ${request.method} ${request.path} with ${reply.status}: ${JSON.stringify(reply.body)}`);
      }
      replies.push(reply.body);
    }
    const [ours, theirs] = replies;
    const same = workload.writes ? isDeepStrictEqual(shape(ours), shape(theirs)) : isDeepStrictEqual(ours, theirs);
    if (!same) {
      throw new Error(
        `project and floor differ on ${workload.name} (${request.method} ${request.path}):\n${JSON.stringify(ours)}\n${JSON.stringify(theirs)}`,
      );
    }
  }
}
