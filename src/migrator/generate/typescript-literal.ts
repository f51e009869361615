/** Values and portable columns as the TypeScript source of a migration. */
import type { PortableColumn } from '../../database/portable-schema';

export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** A value as TypeScript source: strings single-quoted, object keys bare, undefined members left out. */
export function literal(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function');
    if (!entries.length) return '{}';
    return `{ ${entries.map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k)}: ${literal(v)}`).join(', ')} }`;
  }
  throw new Error(`cannot write ${typeof value} into a migration`);
}

/** `column(queryRunner, { ... })` with the attributes in a fixed order, so every engine writes the same text. */
export function portableColumn(spec: PortableColumn): string {
  const { name, type, length, precision, scale, nullable, default: def, enum: values } = spec;
  return `column(queryRunner, ${literal({ name, type, length, precision, scale, enum: values, nullable, default: def })})`;
}
