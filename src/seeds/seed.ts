import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Services } from '../modules/app-module';

export interface SeedContext {
  db: DataSource;
  /** Every module's services, built as the app builds them. */
  services: Services;
  /** The id of the one `entity` row whose `field` is `value` (a row an earlier seed made), or an error naming it. */
  idOf<E extends ObjectLiteral>(entity: EntityTarget<E>, field: keyof E & string, value: unknown): Promise<number>;
  /** The ids of up to `limit` rows of `entity`, oldest first: something sample rows can refer to. */
  idsOf<E extends ObjectLiteral>(entity: EntityTarget<E>, limit?: number): Promise<number[]>;
}

/**
 * Sample rows for one resource, in `src/seeds/<name>.seed.ts`. Seeds run in foreign-key order (a seed runs after
 * the seeds of the entities its entity refers to) and are idempotent by `naturalKey`: a row whose key value is
 * already in the table is left alone, so running `npm run seed` twice adds nothing the second time.
 */
export interface Seed<E extends ObjectLiteral = ObjectLiteral, R extends object = Record<string, unknown>> {
  entity: EntityTarget<E>;
  naturalKey: keyof R & keyof E & string;
  rows(context: SeedContext): R[] | Promise<R[]>;
  /** Writes one row: through the resource's service, or its repository where the service's rules are about callers. */
  create(row: R, context: SeedContext): Promise<unknown>;
}

export function defineSeed<E extends ObjectLiteral, R extends object>(seed: Seed<E, R>): Seed<E, R> {
  return seed;
}
