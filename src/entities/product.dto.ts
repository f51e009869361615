import { IsBoolean, IsIn, IsInt, IsNumber, IsPositive, IsString, Matches, Max, Min } from 'class-validator';
import { Example } from '../dto/example';
import { PageQuery, SortBy } from '../dto/page-query';
import { PartialDto } from '../dto/partial-dto';
import { ResponseDto } from '../dto/response-dto';
import { Nullable, Optional } from '../dto/presence';
import { IsIsoInstant, MaxDecimalPlaces, TextLength } from '../dto/rules';
import { PRODUCT_STATUSES, ProductStatus } from './product.entity';

/** DECIMAL(10,2) holds up to 99,999,999.99. */
const MAX_PRICE = 99_999_999.99;
const MAX_INT = 2_147_483_647;

export class ProductBase {
  @IsString()
  @TextLength(1, 255)
  @Example('Desk lamp')
  name: string;

  @Nullable()
  @IsString()
  @TextLength(0, 1000)
  @Example('Adjustable LED desk lamp with a weighted base')
  description?: string | null;

  @IsString()
  @TextLength(1, 64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'may hold only letters, digits, ".", "_" and "-", starting with a letter or digit' })
  @Example('LAMP-001')
  sku: string;

  @IsNumber()
  @MaxDecimalPlaces(2)
  @IsPositive()
  @Max(MAX_PRICE)
  @Example(19.99)
  price: number;

  @Optional()
  @IsInt()
  @Min(0)
  @Max(MAX_INT)
  @Example(25)
  quantity?: number;

  @Optional()
  @IsBoolean()
  @Example(true)
  isActive?: boolean;

  @Optional()
  @IsIn(PRODUCT_STATUSES)
  @Example('active')
  status?: ProductStatus;

  @Nullable()
  @IsString()
  @TextLength(1, 100)
  @Example('lighting')
  category?: string | null;
}

/** No userId: the owner is whoever creates the product (from the access token), never what the body says. */
export class CreateProductDto extends ProductBase {}

export class UpdateProductDto extends PartialDto(CreateProductDto) {}

export class ProductResponseDto extends ResponseDto(ProductBase) {
  /** The owner: only they or an admin may change or delete the product. */
  @IsInt() @Min(1) userId: number;
}

export const PRODUCT_SORT_FIELDS = ['id', 'name', 'price', 'quantity', 'createdAt', 'updatedAt'] as const;

export class ListProductsQuery extends PageQuery {
  @Optional()
  @IsIn(PRODUCT_STATUSES)
  status?: ProductStatus;

  @Optional()
  @IsBoolean()
  isActive?: boolean;

  @Optional()
  @IsString()
  @TextLength(1, 100)
  category?: string;

  @Optional()
  @IsInt()
  @Min(1)
  @Max(MAX_INT)
  userId?: number;

  @Optional()
  @IsNumber()
  @Min(0)
  minPrice?: number;

  @Optional()
  @IsNumber()
  @Min(0)
  maxPrice?: number;

  @Optional()
  @IsIsoInstant()
  createdFrom?: string;

  @Optional()
  @IsIsoInstant()
  createdTo?: string;

  @SortBy(PRODUCT_SORT_FIELDS)
  sort?: string;
}
