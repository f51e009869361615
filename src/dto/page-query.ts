import { IsBoolean, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { Description } from './description';
import { Optional } from './presence';
import { TextLength } from './rules';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/**
 * Paging shared by every list endpoint: `page` (offset paging) or `cursor` (the previous page's `nextCursor`),
 * `pageSize`, and `withTotal` (an exact COUNT: by default with `page`, not with `cursor`).
 */
export class PageQuery {
  @Optional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @Optional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;

  @Optional()
  @IsString()
  @TextLength(1, 4096)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'must be the nextCursor of a previous page' })
  @Description(
    'The `nextCursor` of the previous page, as this API issued it (any other value is a 400). Not with `page`; ' +
      'only with the same `sort` (and filters) the cursor was issued for. `withTotal` defaults to false with a cursor.',
  )
  cursor?: string;

  @Optional()
  @IsBoolean()
  withTotal?: boolean;
}

/**
 * `sort=-createdAt,name`: a comma list of whitelisted fields, `-` for descending. The whitelist is part of
 * the validation pattern, so anything else is a 400 before it gets near a query.
 */
export function SortBy(fields: readonly string[]): PropertyDecorator {
  const field = `-?(?:${fields.join('|')})`;
  const pattern = new RegExp(`^${field}(?:,${field}){0,${fields.length - 1}}$`);
  return (target, property) => {
    Optional()(target, property);
    IsString()(target, property);
    Matches(pattern, { message: `must be a comma list of ${fields.join(', ')} (prefix - for descending)` })(target, property);
  };
}
