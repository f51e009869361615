import { getMetadataStorage } from 'class-validator';
import { EnvironmentVariables } from './environment-variables';

/** Every variable the service reads: the validated properties of EnvironmentVariables. */
export function knownVariables(): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(EnvironmentVariables, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))].sort();
}

/**
 * Variables the official database images read (docker-compose.yml passes some of them); they share our prefixes
 * and are not ours to flag.
 */
const DATABASE_IMAGE_VARIABLES = new Set([
  'MSSQL_SA_PASSWORD',
  'MSSQL_PID',
  'MSSQL_COLLATION',
  'MSSQL_TCP_PORT',
  'MSSQL_AGENT_ENABLED',
  'POSTGRES_INITDB_ARGS',
  'POSTGRES_INITDB_WALDIR',
  'POSTGRES_HOST_AUTH_METHOD',
  'MARIADB_ROOT_PASSWORD',
  'MARIADB_ROOT_HOST',
  'MARIADB_DATABASE',
  'MARIADB_ALLOW_EMPTY_ROOT_PASSWORD',
  'MARIADB_RANDOM_ROOT_PASSWORD',
]);

/** NODE_ belongs to Node itself (NODE_OPTIONS, NODE_EXTRA_CA_CERTS); NODE_ENV alone is ours. */
const FOREIGN_PREFIXES = new Set(['NODE_']);

/** `DB_`, `MSSQL_`, `RATE_`, ...: the first word of each known name. */
function ourPrefixes(known: string[]): string[] {
  return [...new Set(known.map((name) => name.slice(0, name.indexOf('_') + 1)))].filter((p) => p && !FOREIGN_PREFIXES.has(p));
}

/** Edit distance counting a swap of two neighbours as one edit (DB_TPYE is one edit from DB_TYPE). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

export interface UnknownVariable {
  name: string;
  /** The known name nearest to it. */
  nearest: string;
  /** The .env file that set it, when one did. */
  file?: string;
}

/** A near miss of a known name even when its prefix is misspelled too (POSTGRE_HOST). */
const NEAR_MISS = 2;

/**
 * The variables that look like ours (our prefix, or within two edits of a known name) but are not: a misspelled
 * setting is otherwise silently ignored and its default used (`DB_TPYE=mssql` ran on SQLite).
 */
export function unknownVariables(names: Iterable<string>, files: ReadonlyMap<string, string> = new Map()): UnknownVariable[] {
  const known = knownVariables();
  const prefixes = ourPrefixes(known);
  const found: UnknownVariable[] = [];
  for (const name of new Set(names)) {
    if (known.includes(name) || DATABASE_IMAGE_VARIABLES.has(name)) continue;
    const distance = (candidate: string) => editDistance(name, candidate);
    // a name cut short (RATE_LIMIT_WINDOW) means the longer one, however many letters are missing
    const nearest =
      known.find((candidate) => candidate.startsWith(name) || name.startsWith(candidate)) ??
      known.reduce((best, next) => (distance(next) < distance(best) ? next : best));
    if (prefixes.some((prefix) => name.startsWith(prefix)) || distance(nearest) <= NEAR_MISS) {
      found.push({ name, nearest, ...(files.has(name) ? { file: files.get(name) } : {}) });
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

export const describeUnknown = ({ name, nearest, file }: UnknownVariable) =>
  `${name}${file ? ` (in ${file})` : ''} is not a setting this service reads; did you mean ${nearest}? It is ignored.`;
