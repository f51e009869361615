import type { FastifySchemaValidationError } from 'fastify/types/schema';
import { dtoSchema } from '../dto/dto-schema';
import { RegisterDto } from '../entities/auth.dto';
import { PASSWORD_MIN_LENGTH } from '../entities/user.dto';
import { validationDetails } from '../http/validation-details';
import { createValidatorBuilder } from '../http/validator-compiler';

/** Where each field comes from on the command line. */
const SOURCE: Record<string, string> = { email: '--email', fullName: '--name' };

/**
 * What the API's register would refuse in the admin's email and name: the very schema and validator register's
 * body goes through, so the messages are the API's too. `--email not-an-email` used to create an admin the API
 * would refuse. The password is the service's business (assertStrongPassword), the same for both.
 */
export function adminInputProblems(input: { email: string; fullName: string }): string[] {
  const validate = createValidatorBuilder()()({ schema: dtoSchema(RegisterDto), httpPart: 'body' });
  // a password that passes the schema, since the real one is asked for only once the email is known to be good
  if (validate({ ...input, password: 'p'.repeat(PASSWORD_MIN_LENGTH) })) return [];
  return validationDetails(validate.errors as FastifySchemaValidationError[], 'body').map(
    ({ field, reason }) => `${SOURCE[field] ?? field} "${input[field as keyof typeof input]}": ${field} ${reason}`,
  );
}
