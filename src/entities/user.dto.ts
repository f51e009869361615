import { IsBoolean, IsEmail, IsIn, IsString } from 'class-validator';
import { Description } from '../dto/description';
import { Example } from '../dto/example';
import { PageQuery, SortBy } from '../dto/page-query';
import { PartialDto } from '../dto/partial-dto';
import { ResponseDto } from '../dto/response-dto';
import { Optional } from '../dto/presence';
import { TextLength } from '../dto/rules';
import { USER_ROLES, UserRole } from './user.entity';

/** ASVS 2.1.1; the rest of the rule (src/services/password-policy.ts) needs the email too. */
export const PASSWORD_MIN_LENGTH = 12;
/** argon2 hashes any length, but a megabyte password is only a way to burn CPU. */
export const PASSWORD_MAX_LENGTH = 128;
/** Fewer distinct characters than this is a pattern (`aaaaaaaaaaaa`, `121212121212`), not a password. */
export const PASSWORD_MIN_DISTINCT_CHARACTERS = 5;
/** The rule in words, for the OpenAPI document (the check is src/services/password-policy.ts). */
export const PASSWORD_RULE =
  `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters, at least ${PASSWORD_MIN_DISTINCT_CHARACTERS} of them different, ` +
  'and not containing the part of the email before the @ (when that part has 3 or more characters). A 400 names each rule broken.';

export class UserBase {
  @IsEmail()
  @TextLength(0, 255)
  @Example('ann@example.com')
  email: string;

  @IsString()
  @TextLength(1, 255)
  @Example('Ann Example')
  fullName: string;

  /** Only an admin may change it (src/services/users.service.ts). */
  @Optional()
  @IsBoolean()
  @Example(true)
  isActive?: boolean;
}

export class CreateUserDto extends UserBase {
  /** Only ever stored as a hash; no response schema has a password field. */
  @IsString()
  @TextLength(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  @Example('correct-horse-battery')
  @Description(PASSWORD_RULE)
  password: string;

  /** Only an admin may set it, and never on themselves; `user` when left out. */
  @Optional()
  @IsIn(USER_ROLES)
  @Example('user')
  role?: UserRole;
}

export class UpdateUserDto extends PartialDto(CreateUserDto) {
  /** Needed to change your own email or password, so that a stolen access token cannot take the account over. */
  @Optional()
  @IsString()
  @TextLength(1, PASSWORD_MAX_LENGTH)
  @Description(
    'Your current password: required when you change your own email or password (a 400 without it, a 403 when wrong), ' +
      'so that a stolen access token cannot take the account over. Not needed by an admin changing another user.',
  )
  currentPassword?: string;
}

export class UserResponseDto extends ResponseDto(UserBase) {
  @IsIn(USER_ROLES)
  role: UserRole;
}

export const USER_SORT_FIELDS = ['id', 'email', 'fullName', 'createdAt'] as const;

export class ListUsersQuery extends PageQuery {
  @Optional()
  @IsBoolean()
  isActive?: boolean;

  @Optional()
  @IsEmail()
  email?: string;

  @Optional()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @SortBy(USER_SORT_FIELDS)
  sort?: string;
}
