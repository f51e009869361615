import { IsBoolean, IsString } from 'class-validator';
import { Example } from '../dto/example';
import { PageQuery, SortBy } from '../dto/page-query';
import { PartialDto } from '../dto/partial-dto';
import { ResponseDto } from '../dto/response-dto';
import { Nullable, Optional } from '../dto/presence';
import { TextLength } from '../dto/rules';

export class ItemBase {
  @IsString()
  @TextLength(1, 255)
  @Example('A5 notebook')
  name: string;

  @Nullable()
  @IsString()
  @TextLength(0, 1000)
  @Example('Dotted paper, 120 pages')
  description?: string | null;

  @Optional()
  @IsBoolean()
  @Example(true)
  isActive?: boolean;
}

export class CreateItemDto extends ItemBase {}

export class UpdateItemDto extends PartialDto(CreateItemDto) {}

export class ItemResponseDto extends ResponseDto(ItemBase) {}

export const ITEM_SORT_FIELDS = ['id', 'name', 'createdAt', 'updatedAt'] as const;

export class ListItemsQuery extends PageQuery {
  @Optional()
  @IsBoolean()
  isActive?: boolean;

  @SortBy(ITEM_SORT_FIELDS)
  sort?: string;
}
