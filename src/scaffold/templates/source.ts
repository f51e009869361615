/** Small helpers the templates share: TypeScript literals and import lines, written the way the project writes them. */

export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A JS literal for a default or sample value; numbers get `_` separators past four digits, like MAX_INT. */
export function literal(value: string | number | boolean): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 10_000) {
    return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '_');
  }
  if (typeof value === 'number' && Math.abs(value) >= 10_000) {
    const [whole, fraction] = String(value).split('.');
    return `${literal(Number(whole))}.${fraction}`;
  }
  return String(value);
}

/** `import { A, B } from 'x';` with the names sorted as the hand-written files have them; type-only when asked. */
export function importLine(names: Iterable<string>, from: string, typeOnly = false): string {
  const sorted = [...new Set(names)].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }) || a.localeCompare(b));
  return `import ${typeOnly ? 'type ' : ''}{ ${sorted.join(', ')} } from '${from}';`;
}

/** Part of a file: the lines given, without the ones an unmet condition left `false`. */
export function block(...parts: Array<string | false | undefined>): string {
  return parts.filter((part): part is string => typeof part === 'string').join('\n');
}

/** A whole file: lines joined, with runs of blank lines (from optional sections left empty) collapsed to one. */
export function lines(...parts: Array<string | false | undefined>): string {
  return `${block(...parts)
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
