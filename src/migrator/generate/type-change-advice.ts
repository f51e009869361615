/** What to write for a column type change that no engine converts in place. */
import type { PortableColumn } from '../../database/portable-schema';
import { portableColumn, quote } from './typescript-literal';

/**
 * The statements that replace `table.columnName` with a column of the new type: added beside the old one
 * (nullable), the values the author can convert copied over, made NOT NULL if the target is (which refuses,
 * with a count, while rows were left uncopied, before anything is dropped: MariaDB commits each DDL statement),
 * then the old column dropped and the new one renamed. Every line compiles as written in a generated migration.
 */
export function replaceColumnCode(table: string, columnName: string, to: PortableColumn): string[] {
  const temporary = `${columnName}_new`;
  const t = quote(table);
  const lines = [
    `await queryRunner.addColumn(${t}, new TableColumn(${portableColumn({ ...to, name: temporary, nullable: true })}));`,
    `// copy the values you can convert, in your engine's SQL: await queryRunner.query('UPDATE ${table} SET ${temporary} = ...');`,
  ];
  if (!to.nullable) lines.push(`await alterColumn(queryRunner, ${t}, ${quote(temporary)}, { nullable: false });`);
  lines.push(
    `await queryRunner.dropColumn(${t}, ${quote(columnName)});`,
    `await queryRunner.renameColumn(${t}, ${quote(temporary)}, ${quote(columnName)});`,
  );
  return lines;
}
