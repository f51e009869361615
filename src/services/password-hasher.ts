import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

let decoy: Promise<string> | undefined;

/** argon2id with the library's defaults (OWASP's recommended memory-hard settings). */
export const passwordHasher = {
  hash: (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id }),
  verify: (hash: string, password: string): Promise<boolean> => argon2.verify(hash, password),
  /**
   * Costs what a real verify costs, for a login whose email matches no user: otherwise the answer would come
   * back faster for unknown emails, and the response time alone would tell which emails have accounts.
   */
  async verifyDecoy(password: string): Promise<false> {
    decoy ??= argon2.hash(randomBytes(32).toString('hex'), { type: argon2.argon2id });
    await argon2.verify(await decoy, password);
    return false;
  },
};
