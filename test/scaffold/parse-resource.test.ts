import path from 'node:path';
import type { ReferencedEntity } from '../../src/scaffold/field-spec';
import type { ProjectIndex } from '../../src/scaffold/parse-field';
import { parseResource } from '../../src/scaffold/parse-resource';
import { readProjectIndex } from '../../src/scaffold/project-index';
import { UsageError } from '../../src/scaffold/usage-error';

const USER: ReferencedEntity = {
  className: 'User',
  entityFile: 'user.entity',
  repositoryClass: 'UsersRepository',
  repositoryFile: 'users.repository',
};
const ITEM: ReferencedEntity = {
  className: 'Item',
  entityFile: 'item.entity',
  repositoryClass: 'ItemsRepository',
  repositoryFile: 'items.repository',
};

/** A project with User and Item entities, and a factory for neither (User needs none: the test logs in as one). */
const project: ProjectIndex = {
  entity: (name) => [USER, ITEM].find((entity) => entity.className === name),
  entityNames: () => ['User', 'Item'],
  hasFactory: () => false,
};

const parse = (...tokens: string[]) => parseResource({ name: tokens[0], fields: tokens.slice(1) }, project);

function usageError(...tokens: string[]): string {
  try {
    parse(...tokens);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`parsed without an error: ${tokens.join(' ')}`);
}

describe('make:resource syntax', () => {
  it("reads the issue's example, every type and modifier", () => {
    const { names, fields } = parse(
      'Gadget',
      'name:string:255',
      'price:decimal:10,2',
      'quantity:int=0',
      'isActive:bool=true',
      'status:enum(active,inactive)',
      'userId:ref(User)?',
    );
    expect(names).toMatchObject({
      className: 'Gadget',
      pluralClass: 'Gadgets',
      table: 'gadgets',
      pluralKebab: 'gadgets',
      constant: 'GADGET',
    });
    expect(fields).toEqual([
      { name: 'name', type: { kind: 'string', length: 255 }, nullable: false, unique: false },
      { name: 'price', type: { kind: 'decimal', precision: 10, scale: 2 }, nullable: false, unique: false },
      { name: 'quantity', type: { kind: 'int' }, nullable: false, unique: false, default: 0 },
      { name: 'isActive', type: { kind: 'bool' }, nullable: false, unique: false, default: true },
      { name: 'status', type: { kind: 'enum', values: ['active', 'inactive'] }, nullable: false, unique: false },
      { name: 'userId', type: { kind: 'ref', target: USER }, nullable: true, unique: false },
    ]);
  });

  it('takes text with and without a length, datetime, :unique, string defaults, aliases and the quote-free enum/ref forms', () => {
    const { fields } = parse(
      'Note',
      'body:text',
      'summary:text:500?',
      'dueAt:datetime?',
      'code:string:32:unique',
      'label:string:10=new note',
      'count:integer',
      'done:boolean=false',
      'kind:enum:a,b=b',
      'ownerId:ref:User',
    );
    expect(fields.map(({ name, type, nullable, unique, default: value }) => [name, type.kind, nullable, unique, value])).toEqual([
      ['body', 'text', false, false, undefined],
      ['summary', 'text', true, false, undefined],
      ['dueAt', 'datetime', true, false, undefined],
      ['code', 'string', false, true, undefined],
      ['label', 'string', false, false, 'new note'],
      ['count', 'int', false, false, undefined],
      ['done', 'bool', false, false, false],
      ['kind', 'enum', false, false, 'b'],
      ['ownerId', 'ref', false, false, undefined],
    ]);
    expect(fields[0].type).toEqual({ kind: 'text', length: 4000 });
    expect(fields[1].type).toEqual({ kind: 'text', length: 500 });
  });

  it('names multi-word resources in every spelling, and takes --plural for irregular plurals', () => {
    expect(parse('OrderLine', 'name:string:50').names).toEqual({
      className: 'OrderLine',
      pluralClass: 'OrderLines',
      camel: 'orderLine',
      pluralCamel: 'orderLines',
      kebab: 'order-line',
      pluralKebab: 'order-lines',
      table: 'order_lines',
      constant: 'ORDER_LINE',
      words: 'order line',
      pluralWords: 'order lines',
    });
    expect(parse('Category', 'name:string:50').names.table).toBe('categories');
    expect(parse('Box', 'name:string:50').names.table).toBe('boxes');
    expect(parseResource({ name: 'Person', fields: ['name:string:50'], plural: 'People' }, project).names).toMatchObject({
      table: 'people',
      pluralCamel: 'people',
    });
  });

  describe('refuses, naming the token', () => {
    it.each([
      [['gadget', 'name:string:9'], 'gadget: the resource name must be PascalCase'],
      [['Order_Line', 'name:string:9'], 'Order_Line: the resource name must be PascalCase'],
      [['Column', 'name:string:9'], 'Column: the generated files import a Column already'],
      [['Gadget'], 'Gadget: give at least one field'],
      [['Gadget', 'name'], 'name: expected name:type'],
      [['Gadget', 'Name:string:9'], 'Name:string:9: field name "Name" must be camelCase'],
      [['Gadget', 'first_name:string:9'], 'first_name:string:9: field name "first_name" must be camelCase'],
      [['Gadget', 'id:int'], 'id:int: "id" is reserved: every resource has it already'],
      [['Gadget', 'createdAt:datetime'], 'createdAt:datetime: "createdAt" is reserved'],
      [['Gadget', 'sort:string:9'], 'sort:string:9: "sort" is reserved: it is a list query parameter'],
      [['Gadget', 'name:string:9', 'name:text'], 'name:text: "name" is already used by name:string:9'],
      [['Gadget', 'user:string:9', 'userId:ref(User)'], 'userId:ref(User): "user" is already used by user:string:9'],
      [['Gadget', 'name:strin:9'], 'name:strin:9: unknown type "strin" (types: string:LEN, text[:LEN], int,'],
      [['Gadget', 'name:string'], 'name:string: string needs a length, e.g. name:string:255'],
      [['Gadget', 'name:string:0'], 'name:string:0: the length must be a whole number from 1 to 4000, got "0"'],
      [['Gadget', 'name:string:5000'], 'the length must be a whole number from 1 to 4000, got "5000"'],
      [['Gadget', 'price:decimal'], 'price:decimal: decimal needs precision and scale, e.g. price:decimal:10,2'],
      [['Gadget', 'price:decimal:20,2'], 'price:decimal:20,2: the precision must be a whole number from 1 to 15'],
      [['Gadget', 'price:decimal:5,6'], 'the scale must be a whole number from 0 to 5, got "6"'],
      [['Gadget', 'views:bigint'], 'views:bigint: bigint is not supported'],
      [['Gadget', 'born:date'], 'born:date: date is not supported'],
      [['Gadget', 'count:int:5'], 'count:int:5: int takes no arguments'],
      [['Gadget', 'status:enum'], 'status:enum: list the values, e.g. status:enum(active,inactive)'],
      [['Gadget', 'status:enum(a,a)'], 'status:enum(a,a): enum value "a" is listed twice'],
      [['Gadget', 'status:enum(a,b c)'], 'enum value "b c" must be letters, digits'],
      [['Gadget', 'ownerId:ref(Ghost)'], 'ownerId:ref(Ghost): there is no entity Ghost in src/entities (there are: User, Item)'],
      [['Gadget', 'owner:ref(User)'], 'owner:ref(User): a reference is named after its relation plus Id, e.g. userId:ref(User)'],
      [['Gadget', 'itemId:ref(Item)'], 'itemId:ref(Item): the generated test needs a createItem(app) factory in test/support/factories.ts'],
      [['Gadget', 'count:int=many'], 'count:int=many: default "many" is not an int'],
      [['Gadget', 'count:int=3000000000'], 'default "3000000000" is not an int'],
      [['Gadget', 'done:bool=yes'], 'done:bool=yes: default "yes" is not true or false'],
      [['Gadget', 'status:enum(a,b)=c'], 'status:enum(a,b)=c: default "c" is not one of the values (a, b)'],
      [['Gadget', 'code:string:2=abc'], 'default "abc" is longer than 2 characters'],
      [['Gadget', 'count:int='], 'count:int=: default "" is empty'],
      [['Gadget', 'price:decimal:5,2=1.5'], 'default "1.5" is not supported for a decimal field'],
      [['Gadget', 'dueAt:datetime=now'], 'default "now" is not supported for a datetime field'],
      [['Gadget', 'body:text:unique'], 'body:text:unique: :unique is for int fields and string fields up to 255 characters'],
      [['Gadget', 'code:string:9:unique?'], 'a unique field cannot be nullable'],
      [['Gadget', 'code:string:9:unique=abc'], 'a unique field cannot have a default'],
      [['Gadget', 'name:string:9:indexed'], 'name:string:9:indexed: unexpected ":indexed"'],
      [
        ['Gadget', `${'a'.repeat(60)}:int`],
        'the database name IX_gadgets_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_id would be 74 characters (at most 63)',
      ],
    ])('%j', (tokens, message) => {
      expect(usageError(...tokens)).toContain(message);
    });

    it('a --plural that is not PascalCase or equals the name', () => {
      expect(() => parseResource({ name: 'Sheep', fields: ['name:string:9'], plural: 'sheep' }, project)).toThrow(
        'sheep: the --plural must be PascalCase',
      );
      expect(() => parseResource({ name: 'Sheep', fields: ['name:string:9'], plural: 'Sheep' }, project)).toThrow(
        'the plural must differ from the name',
      );
    });
  });

  it("reads the real project's entities, their repositories and factories", () => {
    const real = readProjectIndex(path.join(__dirname, '..', '..'));
    expect(real.entityNames()).toEqual(expect.arrayContaining(['Item', 'Product', 'User']));
    expect(real.entity('Product')).toEqual({
      className: 'Product',
      entityFile: 'product.entity',
      repositoryClass: 'ProductsRepository',
      repositoryFile: 'products.repository',
    });
    expect(real.hasFactory('Product')).toBe(true);
    expect(real.hasFactory('Item')).toBe(false);
  });
});
