import { DefaultNamingStrategy, NamingStrategyInterface, Table } from 'typeorm';

export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * snake_case columns (so a database made by the Python original can be adopted) and readable, stable
 * constraint names instead of TypeORM's hashes: the error handler turns `UQ_products_sku` into the field `sku`,
 * and a hand-written migration can name a constraint without computing a hash.
 */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override tableName(targetName: string, userSpecifiedName: string | undefined): string {
    return userSpecifiedName ?? snakeCase(targetName);
  }

  override columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    return customName ?? snakeCase([...prefixes, propertyName].join('_'));
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snakeCase(`${relationName}_${referencedColumnName}`);
  }

  override primaryKeyName(table: Table | string): string {
    return `PK_${this.getTableName(table)}`;
  }

  override uniqueConstraintName(table: Table | string, columnNames: string[]): string {
    return `UQ_${this.getTableName(table)}_${columnNames.join('_')}`;
  }

  override foreignKeyName(table: Table | string, columnNames: string[]): string {
    return `FK_${this.getTableName(table)}_${columnNames.join('_')}`;
  }

  override indexName(table: Table | string, columnNames: string[]): string {
    return `IX_${this.getTableName(table)}_${columnNames.join('_')}`;
  }

  override defaultConstraintName(table: Table | string, columnName: string): string {
    return `DF_${this.getTableName(table)}_${columnName}`;
  }
}
