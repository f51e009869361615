import fc from 'fast-check';
import type { InjectOptions } from 'fastify';

/** Keys that have broken JavaScript servers: prototype pollution and friends. */
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', '__defineGetter__', 'hasOwnProperty', 'toString', 'valueOf'];

/** Numbers JSON can spell but a double or a database column cannot hold (1e400 parses to Infinity). */
const EXTREME_NUMBERS = [
  '1e400',
  '-1e400',
  '1e-400',
  '-0',
  '123456789012345678901234567890',
  '9007199254740993',
  '2147483648',
  '0.1e1',
  '1E+2',
];

/** Path segments that are not ids: overflows, traversal, encodings, prototype names. */
const ODD_SEGMENTS = [
  '0',
  '-1',
  '1.5',
  '1e3',
  '99999999999999999999',
  '%00',
  '%E0%A4%A',
  '..%2F..%2Fpackage.json',
  '__proto__',
  'constructor',
  '%20',
  '٣',
  'null',
];

/** Bodies that are not JSON, or JSON built to hurt: deep nesting, pollution, duplicate keys, wrong shapes. */
const RAW_BODIES = [
  '',
  '{',
  'null',
  '"a string"',
  '[]',
  '[{"name":"x"}]',
  '{"__proto__":{"polluted":true},"name":"x"}',
  '{"constructor":{"prototype":{"polluted":true}},"name":"x"}',
  '{"name":"a","name":"b"}',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `{"a":${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}`,
  '\u0000\u0001\u0002',
  '<?xml version="1.0"?><a/>',
  'name=x&price=1',
];

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'application/xml',
  'application/octet-stream',
];

/** Who sends it: nobody, a user, an admin, or someone with a broken token. */
export type Caller = 'anonymous' | 'user' | 'admin' | 'garbage';

export interface FuzzCase {
  caller: Caller;
  path: string;
  query: string;
  body?: string;
  contentType?: string;
}

/** Text of every kind: ASCII, any Unicode grapheme, and raw UTF-16 with lone surrogates. */
const text = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', 'a'.repeat(10_000), "' OR 1=1 --", '<script>alert(1)</script>', 'x@example.com'),
);

/** A JSON value as text: any scalar, an extreme number literal, or a nested structure. */
const jsonText = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  text.map((value) => JSON.stringify(value)),
  fc.constantFrom(...EXTREME_NUMBERS),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
);

/**
 * Request arbitraries for one route: its path parameters filled with anything, a query string of known and
 * unknown parameters, and a body that starts from a plausible one (so some requests get past validation and
 * reach the services and the database) and is then bent, or is not JSON at all.
 */
export function fuzzCase(url: string, fieldNames: string[], seeds: Array<Record<string, unknown>>): fc.Arbitrary<FuzzCase> {
  const known = fc.constantFrom(...fieldNames);
  const key = fc.oneof(
    { arbitrary: known, weight: 3 },
    { arbitrary: fc.constantFrom(...PROTO_KEYS), weight: 1 },
    { arbitrary: text, weight: 1 },
  );
  const segment = fc.oneof(fc.integer({ min: -5, max: 40 }).map(String), fc.constantFrom(...ODD_SEGMENTS), text.map(encodeURIComponent));
  const path = fc
    .array(segment, { minLength: 3, maxLength: 3 })
    .map(([id, rest, star]) => url.replace(/:\w+/g, id).replace('*', `${rest}/${star}`));
  const queryPair = fc
    .tuple(key, fc.oneof(text, jsonText))
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  const query = fc.oneof(
    { arbitrary: fc.constant(''), weight: 2 },
    { arbitrary: fc.array(queryPair, { maxLength: 4 }).map((pairs) => pairs.join('&')), weight: 3 },
    { arbitrary: fc.constantFrom('%', 'a=%ZZ', 'a[b]=1', 'sort=', '&&&=&', 'pageSize=100&page=1000000'), weight: 1 },
  );
  const bentObject = fc
    .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(key, jsonText), { maxLength: 3 }))
    .map(
      ([seed, changes]) =>
        `{${[...Object.entries(seed).map(([k, v]) => [k, JSON.stringify(v)]), ...changes].map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`,
    );
  const body = fc.oneof(
    { arbitrary: fc.constantFrom(...seeds).map((seed) => JSON.stringify(seed)), weight: 2 },
    { arbitrary: bentObject, weight: 4 },
    { arbitrary: jsonText, weight: 1 },
    { arbitrary: fc.constantFrom(...RAW_BODIES), weight: 1 },
  );
  const contentType = fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 4 },
    { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
  return fc.record({
    caller: fc.constantFrom<Caller>('anonymous', 'user', 'user', 'admin', 'admin', 'garbage'),
    path,
    query,
    body: fc.option(body, { nil: undefined, freq: 4 }),
    contentType,
  });
}

export function toInject(method: string, fuzz: FuzzCase, tokens: Record<'user' | 'admin', string>): InjectOptions {
  const headers: Record<string, string> = {};
  if (fuzz.caller === 'user' || fuzz.caller === 'admin') headers.authorization = `Bearer ${tokens[fuzz.caller]}`;
  if (fuzz.caller === 'garbage') headers.authorization = 'Bearer eyJhbGciOiJub25lIn0.e30.';
  if (fuzz.contentType) headers['content-type'] = fuzz.contentType;
  const hasBody = fuzz.body !== undefined && !['GET', 'HEAD'].includes(method);
  return {
    method: method as InjectOptions['method'],
    url: `${fuzz.path}${fuzz.query ? `?${fuzz.query}` : ''}`,
    headers,
    ...(hasBody ? { payload: fuzz.body } : {}),
  };
}
