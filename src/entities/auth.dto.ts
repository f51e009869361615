import { IsEmail, IsIn, IsInt, IsString, Matches, Min } from 'class-validator';
import { Description } from '../dto/description';
import { Example } from '../dto/example';
import { TextLength } from '../dto/rules';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_RULE } from './user.dto';

/** Self-registration: no role and no isActive, which only an admin sets (unknown fields are a 400). */
export class RegisterDto {
  @IsEmail()
  @TextLength(0, 255)
  @Example('ann@example.com')
  email: string;

  @IsString()
  @TextLength(1, 255)
  @Example('Ann Example')
  fullName: string;

  @IsString()
  @TextLength(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  @Example('correct-horse-battery')
  @Description(PASSWORD_RULE)
  password: string;
}

/** No strength rule here: accounts made under an older rule must still be able to log in. */
export class LoginDto {
  @IsString()
  @TextLength(1, 255)
  @Example('ann@example.com')
  email: string;

  @IsString()
  @TextLength(1, PASSWORD_MAX_LENGTH)
  @Example('correct-horse-battery')
  password: string;
}

/** 32 random bytes as base64url (43 characters). */
export class RefreshTokenDto {
  @IsString()
  @TextLength(1, 128)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'must be a refresh token this API issued' })
  refreshToken: string;
}

export class TokenResponseDto {
  /** A JWT (HS256) to send as `Authorization: Bearer <accessToken>`. */
  @IsString() accessToken: string;
  @IsIn(['Bearer']) tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  @IsInt() @Min(1) expiresIn: number;
  /** Single use: POST it to /api/v1/auth/refresh for a new pair. */
  @IsString() refreshToken: string;
  /** Seconds until the refresh token expires. */
  @IsInt() @Min(1) refreshExpiresIn: number;
}
