import { ValidationFailedError } from '../errors/app-error';
import type { SortKey, SortKeyKind } from '../repositories/list-request';

/**
 * A cursor is base64url(JSON [sort, ...values of the last row's sort keys]): opaque to clients, readable
 * when debugging. It names its sort, so it is refused with a different one instead of silently skipping rows.
 */
export function sortSignature(sort: SortKey[]): string {
  return sort.map((key) => `${key.descending ? '-' : ''}${key.field}`).join(',');
}

export function encodeCursor(sort: SortKey[], key: unknown[]): string {
  return Buffer.from(JSON.stringify([sortSignature(sort), ...key])).toString('base64url');
}

const INT32 = 2 ** 31;
const MAX_TEXT = 1000;
// How engines print a timestamp as text: `2024-05-01 12:30:00`, with up to 7 fraction digits and maybe a zone.
const TIMESTAMP = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(\.\d{1,7})?(Z|[+-]\d\d(:?\d\d)?)?$/;

/** A real instant (no 2024-02-30): the database would fail on anything else, and that must be a 400, not a 500. */
function isTimestamp(value: unknown): boolean {
  const match = typeof value === 'string' ? TIMESTAMP.exec(value) : null;
  if (!match) return false;
  const instant = new Date(`${match[1]}T${match[2]}Z`);
  return !Number.isNaN(instant.getTime()) && instant.toISOString().startsWith(`${match[1]}T${match[2]}`);
}

const VALID: Record<SortKeyKind, (value: unknown) => boolean> = {
  integer: (value) => Number.isSafeInteger(value) && Math.abs(value as number) < INT32,
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  text: (value) => typeof value === 'string' && value.length <= MAX_TEXT,
  timestamp: isTimestamp,
};

function invalid(reason: string): ValidationFailedError {
  return new ValidationFailedError([{ field: 'cursor', reason }]);
}

function parse(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The sort-key values a cursor carries, checked value by value: a tampered cursor is a 400 naming `cursor`. */
export function decodeCursor(cursor: string, sort: SortKey[], kindOf: (field: string) => SortKeyKind): unknown[] {
  const decoded = parse(cursor);
  if (!Array.isArray(decoded) || typeof decoded[0] !== 'string') throw invalid('is not a cursor this API issued');
  const [signature, ...key] = decoded as [string, ...unknown[]];
  if (signature !== sortSignature(sort)) {
    if (!/^-?\w+(,-?\w+)*$/.test(signature)) throw invalid('is not a cursor this API issued');
    throw invalid(`was issued for sort=${signature}; send it with that sort (this request sorts by ${sortSignature(sort)})`);
  }
  if (key.length !== sort.length || !sort.every((sortKey, index) => VALID[kindOf(sortKey.field)](key[index]))) {
    throw invalid('is not a cursor this API issued');
  }
  return key;
}
