import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_DISTINCT_CHARACTERS as MIN_DISTINCT_CHARACTERS,
  PASSWORD_MIN_LENGTH,
} from '../entities/user.dto';
import { ValidationFailedError } from '../errors/app-error';

/**
 * The whole strength rule, for every way a password arrives (the API, whose schemas check the length first,
 * and the admin command): 12 to 128 characters, enough different ones, and not built from the account's own
 * email, the first thing a guesser tries.
 */
export function assertStrongPassword(password: string, email: string): void {
  const reasons: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) reasons.push(`must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (length > PASSWORD_MAX_LENGTH) reasons.push(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  if (new Set(password).size < MIN_DISTINCT_CHARACTERS) reasons.push(`must use at least ${MIN_DISTINCT_CHARACTERS} different characters`);
  const name = email.split('@')[0].toLowerCase();
  if (name.length >= 3 && password.toLowerCase().includes(name))
    reasons.push(`must not contain "${name}", the part of your email before the @`);
  if (reasons.length) throw new ValidationFailedError(reasons.map((reason) => ({ field: 'password', reason })));
}
