/** Which type changes alterColumn makes in place, and what to write for the others. */
import type { PortableType } from '../portable-schema';

/**
 * Types whose values only some other types can hold. Between them and anything not listed, no engine has a cast
 * that keeps the values (PostgreSQL would even turn bytea into its `\x…` text silently), so alterColumn refuses.
 */
const CONVERTS_TO: Partial<Record<PortableType, readonly PortableType[]>> = {
  json: ['string', 'text'],
  uuid: ['string', 'text'],
  date: ['string', 'text', 'datetime'],
  blob: [],
};

/** Can a column of type `from` become `to` in place, every value kept or refused by a data check? */
export function convertsInPlace(from: PortableType | undefined, to: PortableType | undefined): boolean {
  if (!from || !to || from === to) return true;
  const fromOnly = CONVERTS_TO[from];
  const toOnly = CONVERTS_TO[to];
  if (fromOnly && !fromOnly.includes(to)) return false;
  if (toOnly && !toOnly.includes(from)) return false;
  return true;
}
