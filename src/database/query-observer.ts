import type { AfterQueryEvent, DataSource, EntitySubscriberInterface } from 'typeorm';

/** What an observer learns of each query: its text, how long it took (milliseconds), and whether it failed. */
export type ObservedQuery = Pick<AfterQueryEvent, 'query' | 'executionTime' | 'success'>;

const OBSERVER = Symbol('query observer');
/** The first word of a statement: a label or span name with a handful of values, where the SQL would be one per query. */
const OPERATION = /^\s*(select|insert|update|delete|with|begin|start|commit|rollback|savepoint|release)\b/i;
/** TypeORM's SQL Server insert declares a table variable for its OUTPUT rows first: the insert is what follows it. */
const OUTPUT_TABLE = /^\s*DECLARE\s+@\w+\s+TABLE\s*\((?:[^()]|\([^()]*\))*\)\s*;/i;

export function operationOf(query: string): string {
  return OPERATION.exec(query.replace(OUTPUT_TABLE, ''))?.[1].toLowerCase() ?? 'other';
}

/**
 * A TypeORM subscriber that only times queries (metrics, traces). TypeORM's runner calls it after each query it
 * runs; the repositories' prepared statements (prepared-statements.ts) call it too and, unlike for other query
 * subscribers, keep their fast path, since an observer neither changes nor needs to see a query before it runs.
 */
export interface QueryObserver extends EntitySubscriberInterface {
  readonly [OBSERVER]: true;
  afterQuery(event: ObservedQuery): void;
}

export function queryObserver(afterQuery: (event: ObservedQuery) => void): QueryObserver {
  return { [OBSERVER]: true, afterQuery };
}

export function isQueryObserver(subscriber: EntitySubscriberInterface): subscriber is QueryObserver {
  return (subscriber as Partial<QueryObserver>)[OBSERVER] === true;
}

/** Adds `observer` to an initialized DataSource's subscribers (TypeORM builds that list from options at initialize). */
export function observeQueries(dataSource: DataSource, observer: QueryObserver): void {
  dataSource.subscribers.push(observer);
}
