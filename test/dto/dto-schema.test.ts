import { plainToInstance } from 'class-transformer';
import { IsString, IsUUID, validateSync } from 'class-validator';
import type { ValidateFunction } from 'ajv';
import { dtoSchema } from '../../src/dto/dto-schema';
import { createValidatorBuilder } from '../../src/http/validator-compiler';
import { CreateItemDto, UpdateItemDto } from '../../src/entities/item.dto';
import { CreateProductDto, ListProductsQuery, PRODUCT_SORT_FIELDS, UpdateProductDto } from '../../src/entities/product.dto';
import { CreateUserDto, UpdateUserDto } from '../../src/entities/user.dto';

/**
 * The decorators are the source of truth and the compiled JSON schema is what Fastify actually validates with.
 * Every payload below is judged by both and each verdict must equal the one written in the table, so the test
 * fails when either side drifts (a decorator changed without its mapping, or an Ajv option changed).
 */
type Dto = new () => object;
type Case = [label: string, payload: Record<string, unknown>, valid: boolean];

const compile = createValidatorBuilder()();
const bodyValidators = new Map<Dto, ValidateFunction>();

function schemaVerdict(dto: Dto, payload: Record<string, unknown>): boolean {
  if (!bodyValidators.has(dto)) bodyValidators.set(dto, compile({ schema: dtoSchema(dto), httpPart: 'body' }));
  // structuredClone: the validator must judge the payload, never fix it up in place.
  return bodyValidators.get(dto)!(structuredClone(payload)) === true;
}

function classValidatorVerdict(dto: Dto, payload: Record<string, unknown>): boolean {
  const errors = validateSync(plainToInstance(dto, payload) as object, { whitelist: true, forbidNonWhitelisted: true });
  return errors.length === 0;
}

function verdicts(dto: Dto, payload: Record<string, unknown>) {
  return { classValidator: classValidatorVerdict(dto, payload), schema: schemaVerdict(dto, payload) };
}

const text = (length: number, char = 'a') => char.repeat(length);
const VALID = true;
const INVALID = false;

function parity(dto: Dto, cases: Case[]): void {
  describe(dto.name, () => {
    test.each(cases)('%s', (_label, payload, valid) => {
      expect(verdicts(dto, payload)).toEqual({ classValidator: valid, schema: valid });
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
const product = { name: 'Widget', sku: 'SKU-1', price: 9.99 };

parity(CreateProductDto as Dto, [
  ['minimal valid product', product, VALID],
  ['every field set', { ...product, description: 'A widget', quantity: 0, isActive: false, status: 'inactive', category: 'tools' }, VALID],
  // name: @IsString @TextLength(1, 255), required
  ['name of 1 character', { ...product, name: 'a' }, VALID],
  ['name of 255 characters', { ...product, name: text(255) }, VALID],
  ['name of 256 characters', { ...product, name: text(256) }, INVALID],
  ['name of 255 astral characters (one character each)', { ...product, name: text(255, '\u{1F600}') }, VALID],
  ['name of 256 astral characters', { ...product, name: text(256, '\u{1F600}') }, INVALID],
  // U+FE0F counts as a character, as in the varchar column (validator.js's @Length would not count it).
  ['name of 255 letters plus a variation selector (256 characters)', { ...product, name: `${text(255)}\uFE0F` }, INVALID],
  ['empty name', { ...product, name: '' }, INVALID],
  ['name missing', { sku: 'SKU-1', price: 9.99 }, INVALID],
  ['name null', { ...product, name: null }, INVALID],
  ['name a number', { ...product, name: 42 }, INVALID],
  // description: @Nullable @IsString @TextLength(0, 1000)
  ['description null (nullable)', { ...product, description: null }, VALID],
  ['description empty (only a maximum)', { ...product, description: '' }, VALID],
  ['description of 1000 characters', { ...product, description: text(1000) }, VALID],
  ['description of 1001 characters', { ...product, description: text(1001) }, INVALID],
  ['description a number', { ...product, description: 5 }, INVALID],
  // sku: @TextLength(1, 64) @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/)
  ['sku with dots, underscores and dashes', { ...product, sku: 'A.b_c-1' }, VALID],
  ['sku of 64 characters', { ...product, sku: text(64, 'S') }, VALID],
  ['sku of 65 characters', { ...product, sku: text(65, 'S') }, INVALID],
  ['empty sku', { ...product, sku: '' }, INVALID],
  ['sku starting with a dash', { ...product, sku: '-ABC' }, INVALID],
  ['sku with a space', { ...product, sku: 'AB C' }, INVALID],
  ['sku with a slash', { ...product, sku: 'AB/C' }, INVALID],
  ['sku with a non-ASCII letter', { ...product, sku: 'CAFÉ' }, INVALID],
  ['sku with a trailing newline', { ...product, sku: 'ABC\n' }, INVALID],
  // price: @IsNumber @MaxDecimalPlaces(2) @IsPositive @Max(99_999_999.99)
  ['price 0', { ...product, price: 0 }, INVALID],
  ['negative price', { ...product, price: -1 }, INVALID],
  ['price 0.01', { ...product, price: 0.01 }, VALID],
  ['integer price', { ...product, price: 12 }, VALID],
  ['price with 1 decimal', { ...product, price: 12.3 }, VALID],
  ['price with 2 decimals (19.99 / 0.01 is not exact in binary)', { ...product, price: 19.99 }, VALID],
  ['price with 3 decimals', { ...product, price: 12.345 }, INVALID],
  ['price 0.001', { ...product, price: 0.001 }, INVALID],
  ['price 1.005', { ...product, price: 1.005 }, INVALID],
  ['maximum price 99999999.99', { ...product, price: 99_999_999.99 }, VALID],
  ['price 100000000', { ...product, price: 100_000_000 }, INVALID],
  ['2-decimal price 1234567.89', { ...product, price: 1_234_567.89 }, VALID],
  ['2-decimal price 73112786.04', { ...product, price: 73_112_786.04 }, VALID],
  // 68876077.04 / 0.01 is 9.5e-7 away from an integer: more than Ajv's multipleOfPrecision 9 forgives
  ['2-decimal price 68876077.04', { ...product, price: 68_876_077.04 }, VALID],
  // 1234567.89 / 0.01 is not an integer in floating point; 0.1 + 0.2 has 17 decimals: both decided exactly.
  ['price 0.1 + 0.2 = 0.30000000000000004', { ...product, price: 0.1 + 0.2 }, INVALID],
  ['price as a string', { ...product, price: '12' }, INVALID],
  ['price null', { ...product, price: null }, INVALID],
  ['price missing', { name: 'Widget', sku: 'SKU-1' }, INVALID],
  // quantity: @Optional @IsInt @Min(0) @Max(2147483647)
  ['quantity 0', { ...product, quantity: 0 }, VALID],
  ['quantity 2147483647', { ...product, quantity: 2_147_483_647 }, VALID],
  ['quantity 2147483648', { ...product, quantity: 2_147_483_648 }, INVALID],
  ['negative quantity', { ...product, quantity: -1 }, INVALID],
  ['fractional quantity', { ...product, quantity: 1.5 }, INVALID],
  ['quantity as a string', { ...product, quantity: '3' }, INVALID],
  ['quantity null (optional, not nullable)', { ...product, quantity: null }, INVALID],
  // isActive: @Optional @IsBoolean
  ['isActive false', { ...product, isActive: false }, VALID],
  ['isActive "true"', { ...product, isActive: 'true' }, INVALID],
  ['isActive 1', { ...product, isActive: 1 }, INVALID],
  ['isActive null', { ...product, isActive: null }, INVALID],
  // status: @Optional @IsIn(['active', 'inactive'])
  ['status active', { ...product, status: 'active' }, VALID],
  ['status inactive', { ...product, status: 'inactive' }, VALID],
  ['status not in the list', { ...product, status: 'deleted' }, INVALID],
  ['status in the wrong case', { ...product, status: 'ACTIVE' }, INVALID],
  ['status null (optional, not nullable)', { ...product, status: null }, INVALID],
  // category: @Nullable @IsString @TextLength(1, 100)
  ['category null (nullable)', { ...product, category: null }, VALID],
  ['category of 100 characters', { ...product, category: text(100) }, VALID],
  ['category of 101 characters', { ...product, category: text(101) }, INVALID],
  ['empty category', { ...product, category: '' }, INVALID],
  // the owner comes from the access token: a body naming one is refused (mass assignment)
  ['userId', { ...product, userId: 1 }, INVALID],
  // unknown fields
  ['unknown field', { ...product, color: 'red' }, INVALID],
  ['server-set field id', { ...product, id: 7 }, INVALID],
  ['server-set field createdAt', { ...product, createdAt: '2024-01-01T00:00:00Z' }, INVALID],
]);

parity(UpdateProductDto as Dto, [
  ['empty patch (the route adds minProperties)', {}, VALID],
  ['only a name', { name: 'New name' }, VALID],
  ['only a price', { price: 5.5 }, VALID],
  ['price with 3 decimals', { price: 5.555 }, INVALID],
  ['price 0', { price: 0 }, INVALID],
  ['name null (optional, not nullable)', { name: null }, INVALID],
  ['price null', { price: null }, INVALID],
  ['status null', { status: null }, INVALID],
  ['status not in the list', { status: 'gone' }, INVALID],
  ['description null (nullable)', { description: null }, VALID],
  ['category null (nullable)', { category: null }, VALID],
  ['empty category', { category: '' }, INVALID],
  ['sku of 65 characters', { sku: text(65, 'S') }, INVALID],
  ['userId (the owner never changes)', { userId: 2 }, INVALID],
  ['quantity 1.5', { quantity: 1.5 }, INVALID],
  ['unknown field', { colour: 'red' }, INVALID],
]);

const user = { email: 'ada@example.com', fullName: 'Ada Lovelace', password: 'correct-horse-battery' };
// 64 + 1 + 63 + 1 + 63 + 1 + 57 + 4 = 254 characters: the longest address isEmail accepts.
const email254 = `${text(64)}@${text(63, 'b')}.${text(63, 'c')}.${text(57, 'd')}.com`;

parity(CreateUserDto as Dto, [
  ['valid user', user, VALID],
  ['valid user, inactive', { ...user, isActive: false }, VALID],
  ['email with plus tag and subdomains', { ...user, email: 'first.last+tag@mail.example.co.uk' }, VALID],
  ['email of 254 characters', { ...user, email: email254 }, VALID],
  ['email of 255 characters (isEmail stops at 254)', { ...user, email: `a${email254}` }, INVALID],
  ['email without @', { ...user, email: 'ada.example.com' }, INVALID],
  ['email without a top-level domain', { ...user, email: 'ada@localhost' }, INVALID],
  ['email with a space', { ...user, email: 'ada lovelace@example.com' }, INVALID],
  ['email with two @', { ...user, email: 'ada@@example.com' }, INVALID],
  ['empty email', { ...user, email: '' }, INVALID],
  ['email null', { ...user, email: null }, INVALID],
  ['email a number', { ...user, email: 42 }, INVALID],
  ['fullName of 255 characters', { ...user, fullName: text(255) }, VALID],
  ['fullName of 256 characters', { ...user, fullName: text(256) }, INVALID],
  ['empty fullName', { ...user, fullName: '' }, INVALID],
  ['password of 11 characters', { ...user, password: text(11) }, INVALID],
  ['password of 12 characters', { ...user, password: text(12) }, VALID],
  ['password of 128 characters', { ...user, password: text(128) }, VALID],
  ['password of 129 characters', { ...user, password: text(129) }, INVALID],
  ['password as a number', { ...user, password: 12_345_678 }, INVALID],
  ['password missing', { email: 'ada@example.com', fullName: 'Ada' }, INVALID],
  ['isActive "yes"', { ...user, isActive: 'yes' }, INVALID],
  ['role admin (the service lets only admins set it)', { ...user, role: 'admin' }, VALID],
  ['role not in the list', { ...user, role: 'root' }, INVALID],
  ['unknown field', { ...user, admin: true }, INVALID],
  ['passwordHash (an entity field, not a DTO one)', { ...user, passwordHash: 'x' }, INVALID],
]);

parity(UpdateUserDto as Dto, [
  ['empty patch', {}, VALID],
  ['only isActive', { isActive: true }, VALID],
  ['only a valid email', { email: 'grace@example.com' }, VALID],
  ['invalid email', { email: 'grace' }, INVALID],
  ['short password', { password: 'short' }, INVALID],
  ['a new password with the current one', { password: 'a-new-passphrase', currentPassword: 'the-old-one' }, VALID],
  ['empty currentPassword', { password: 'a-new-passphrase', currentPassword: '' }, INVALID],
  ['fullName null (optional, not nullable)', { fullName: null }, INVALID],
  ['email null', { email: null }, INVALID],
  ['unknown field', { admin: true }, INVALID],
]);

parity(CreateItemDto as Dto, [
  ['only a name', { name: 'Item' }, VALID],
  ['every field', { name: 'Item', description: 'Thing', isActive: false }, VALID],
  ['name missing', {}, INVALID],
  ['empty name', { name: '' }, INVALID],
  ['name of 256 characters', { name: text(256) }, INVALID],
  ['description null (nullable)', { name: 'Item', description: null }, VALID],
  ['description of 1001 characters', { name: 'Item', description: text(1001) }, INVALID],
  ['isActive "yes"', { name: 'Item', isActive: 'yes' }, INVALID],
  ['isActive null', { name: 'Item', isActive: null }, INVALID],
  ['unknown field', { name: 'Item', price: 1 }, INVALID],
]);

parity(UpdateItemDto as Dto, [
  ['empty patch', {}, VALID],
  ['description null (nullable)', { description: null }, VALID],
  ['name null', { name: null }, INVALID],
  ['isActive null', { isActive: null }, INVALID],
  ['isActive true', { isActive: true }, VALID],
  ['unknown field', { id: 3 }, INVALID],
]);

// Query strings arrive as text and are coerced by the other Ajv instance; here the values are already typed, so
// the body validator (no coercion) judges exactly what class-validator judges.
parity(ListProductsQuery as Dto, [
  ['no parameters', {}, VALID],
  ['page 1', { page: 1 }, VALID],
  ['page 1000000', { page: 1_000_000 }, VALID],
  ['page 1000001', { page: 1_000_001 }, INVALID],
  ['page 0', { page: 0 }, INVALID],
  ['fractional page', { page: 1.5 }, INVALID],
  ['page as text (not typed)', { page: '2' }, INVALID],
  ['pageSize 100', { pageSize: 100 }, VALID],
  ['pageSize 101', { pageSize: 101 }, INVALID],
  ['pageSize 0', { pageSize: 0 }, INVALID],
  ['status inactive', { status: 'inactive' }, VALID],
  ['status not in the list', { status: 'archived' }, INVALID],
  ['isActive false', { isActive: false }, VALID],
  ['category of 100 characters', { category: text(100) }, VALID],
  ['category of 101 characters', { category: text(101) }, INVALID],
  ['empty category', { category: '' }, INVALID],
  ['userId 1', { userId: 1 }, VALID],
  ['userId 0', { userId: 0 }, INVALID],
  ['minPrice 0', { minPrice: 0 }, VALID],
  ['minPrice with 3 decimals (no decimal limit here)', { minPrice: 12.345 }, VALID],
  ['negative minPrice', { minPrice: -0.01 }, INVALID],
  ['maxPrice 1e9', { maxPrice: 1e9 }, VALID],
  ['createdFrom date', { createdFrom: '2024-01-15' }, VALID],
  ['createdFrom UTC date-time', { createdFrom: '2024-01-15T10:30:00Z' }, VALID],
  ['createdFrom date-time with milliseconds and offset', { createdFrom: '2024-01-15T10:30:00.123+02:00' }, VALID],
  ['createdFrom 29 February of a leap year', { createdFrom: '2024-02-29' }, VALID],
  ['createdFrom 29 February of a common year', { createdFrom: '2023-02-29' }, INVALID],
  // JSON Schema's date-time is RFC 3339: seconds and a time zone are part of it
  ['createdFrom date-time without seconds', { createdFrom: '2024-01-15T10:30Z' }, INVALID],
  ['createdFrom date-time without a time zone', { createdFrom: '2024-01-15T10:30:00' }, INVALID],
  ['createdFrom ISO week date', { createdFrom: '2024-W03-1' }, INVALID],
  ['createdFrom month 13', { createdFrom: '2024-13-01' }, INVALID],
  ['createdFrom day-first date', { createdFrom: '15/01/2024' }, INVALID],
  ['createdFrom a word', { createdFrom: 'yesterday' }, INVALID],
  ['createdFrom empty', { createdFrom: '' }, INVALID],
  ['createdTo hour 25', { createdTo: '2024-01-15T25:00:00Z' }, INVALID],
  ['createdTo a number', { createdTo: 20240115 }, INVALID],
  ['sort -createdAt,name', { sort: '-createdAt,name' }, VALID],
  ['unknown parameter', { q: 'lamp' }, INVALID],
]);

// ---------------------------------------------------------------------------------------------------------------
describe('SortBy', () => {
  const sortCases: [string, boolean][] = [
    ['-createdAt,name', VALID],
    ['name', VALID],
    ['-price', VALID],
    [PRODUCT_SORT_FIELDS.join(','), VALID],
    [PRODUCT_SORT_FIELDS.map((field) => `-${field}`).join(','), VALID],
    ['name;drop', INVALID],
    ['name; DROP TABLE products', INVALID],
    ['password', INVALID],
    ['name,password', INVALID],
    [`${PRODUCT_SORT_FIELDS.join(',')},id`, INVALID], // one more entry than there are fields
    ['name,', INVALID],
    [',name', INVALID],
    ['--name', INVALID],
    ['name, price', INVALID],
    ['Name', INVALID],
    ['', INVALID],
  ];
  test.each(sortCases)('sort=%j', (sort, valid) => {
    expect(verdicts(ListProductsQuery as Dto, { sort })).toEqual({ classValidator: valid, schema: valid });
  });

  test('the schema carries the whitelist in its pattern and its own wording as x-error', () => {
    const properties = dtoSchema(ListProductsQuery).properties as Record<string, Record<string, unknown>>;
    const field = '-?(?:id|name|price|quantity|createdAt|updatedAt)';
    expect(properties.sort).toEqual({
      type: 'string',
      pattern: `^${field}(?:,${field}){0,5}$`,
      'x-error': 'must be a comma list of id, name, price, quantity, createdAt, updatedAt (prefix - for descending)',
    });
    const [error] = validateSync(plainToInstance(ListProductsQuery, { sort: 'password' }));
    expect(error.constraints).toEqual({
      matches: 'must be a comma list of id, name, price, quantity, createdAt, updatedAt (prefix - for descending)',
    });
  });
});

describe('dtoSchema', () => {
  test('compiles CreateItemDto to exactly the keywords its decorators mean', () => {
    expect(dtoSchema(CreateItemDto)).toEqual({
      type: 'object',
      title: 'CreateItemDto',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 255, examples: ['A5 notebook'] },
        description: { type: ['string', 'null'], maxLength: 1000, examples: ['Dotted paper, 120 pages'] },
        isActive: { type: 'boolean', examples: [true] },
      },
      required: ['name'],
      additionalProperties: false,
    });
  });

  test('makes every property required in a response schema', () => {
    expect(dtoSchema(CreateItemDto, { response: true }).required).toEqual(['name', 'description', 'isActive']);
  });

  test('refuses a decorator it has no mapping for, naming the class and the property', () => {
    class DeviceDto {
      @IsString()
      label: string;

      @IsUUID('4')
      externalId: string;
    }
    expect(() => dtoSchema(DeviceDto)).toThrow(new Error('DeviceDto.externalId: no JSON-schema mapping for @isUuid in dto-schema.ts'));
  });
});
