import { IsBoolean, IsEmail, IsString } from 'class-validator';
import { PageQuery, SortBy } from '../dto/page-query';
import { PartialDto } from '../dto/partial-dto';
import { ResponseDto } from '../dto/response-dto';
import { Optional } from '../dto/presence';
import { TextLength } from '../dto/rules';

export class UserBase {
  @IsEmail() @TextLength(0, 255)
  email: string;

  @IsString() @TextLength(1, 255)
  fullName: string;

  @Optional() @IsBoolean()
  isActive?: boolean;
}

export class CreateUserDto extends UserBase {
  /** Only ever stored as a hash; no response schema has a password field. */
  @IsString() @TextLength(8, 128)
  password: string;
}

export class UpdateUserDto extends PartialDto(CreateUserDto) {}

export class UserResponseDto extends ResponseDto(UserBase) {}

export const USER_SORT_FIELDS = ['id', 'email', 'fullName', 'createdAt'] as const;

export class ListUsersQuery extends PageQuery {
  @Optional() @IsBoolean()
  isActive?: boolean;

  @Optional() @IsEmail()
  email?: string;

  @SortBy(USER_SORT_FIELDS)
  sort?: string;
}
