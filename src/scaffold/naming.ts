import { snakeCase } from '../database/naming-strategy';

/** Every spelling of one resource name the generated files use, derived once from `Gadget` (or `OrderLine`). */
export interface ResourceNames {
  /** `OrderLine`: the entity class. */
  className: string;
  /** `OrderLines`: repository, service and DTO class prefixes (`OrderLinesService`, `ListOrderLinesQuery`). */
  pluralClass: string;
  /** `orderLine` / `orderLines`: variables, and the `app.services` key. */
  camel: string;
  pluralCamel: string;
  /** `order-line` / `order-lines`: file names and the route path. */
  kebab: string;
  pluralKebab: string;
  /** `order_lines`: the table. */
  table: string;
  /** `ORDER_LINE`: constant prefixes (`ORDER_LINE_SORT_FIELDS`). */
  constant: string;
  /** `order line` / `order lines`: docs, OpenAPI tags and messages. */
  words: string;
  pluralWords: string;
}

const kebabCase = (name: string) => snakeCase(name).replace(/_/g, '-');

/** English plural of the last word: box → boxes, category → categories, key → keys. */
export function pluralize(word: string): string {
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  return `${word}s`;
}

export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** `unitPrice` → `UNIT_PRICE`. */
export function constantCase(name: string): string {
  return snakeCase(name).toUpperCase();
}

export function resourceNames(className: string, plural = pluralize(className)): ResourceNames {
  return {
    className,
    pluralClass: plural,
    camel: lowerFirst(className),
    pluralCamel: lowerFirst(plural),
    kebab: kebabCase(className),
    pluralKebab: kebabCase(plural),
    table: snakeCase(plural),
    constant: constantCase(className),
    words: snakeCase(className).replace(/_/g, ' '),
    pluralWords: snakeCase(plural).replace(/_/g, ' '),
  };
}

export { snakeCase };
