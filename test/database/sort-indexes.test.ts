import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { EntityMetadata } from 'typeorm';
import { useMetadataDataSource } from '../support/test-databases';

const ENTITIES = path.join(__dirname, '..', '..', 'src', 'entities');

/** Every `*_SORT_FIELDS` a DTO file exports, with the entity file beside it (`product.dto.ts` → `product.entity.ts`). */
async function sortWhitelists(): Promise<{ resource: string; fields: readonly string[]; entityFile: string }[]> {
  const files = readdirSync(ENTITIES).filter((file) => file.endsWith('.dto.ts'));
  const found = await Promise.all(
    files.map(async (file) => {
      const exports = (await import(path.join(ENTITIES, file))) as Record<string, unknown>;
      const resource = file.replace(/\.dto\.ts$/, '');
      return Object.entries(exports)
        .filter(([name]) => name.endsWith('_SORT_FIELDS'))
        .map(([, fields]) => ({ resource, fields: fields as readonly string[], entityFile: path.join(ENTITIES, `${resource}.entity.ts`) }));
    }),
  );
  return found.flat();
}

/**
 * A list sorted by a field without a (field, id) index reads the whole table for every page, and a keyset
 * cursor compares NULLs wrongly: every sortable field must be indexed with id and NOT NULL.
 */
describe('sort fields', () => {
  const dataSource = useMetadataDataSource();

  const entityOf = async (entityFile: string): Promise<EntityMetadata> => {
    const exported = Object.values((await import(entityFile)) as Record<string, unknown>);
    const metadata = dataSource().entityMetadatas.find((candidate) => exported.includes(candidate.target));
    if (!metadata) throw new Error(`${entityFile} exports no entity`);
    return metadata;
  };

  it('each has a (field, id) index and is NOT NULL, in every resource that has a list', async () => {
    const whitelists = await sortWhitelists();
    expect(whitelists.map((w) => w.resource)).toEqual(expect.arrayContaining(['item', 'product', 'user']));
    const problems: Record<string, { missing: string[]; nullable: string[] }> = {};
    for (const { resource, fields, entityFile } of whitelists) {
      const entity = await entityOf(entityFile);
      const indexed = new Set(
        entity.indices
          .filter((index) => index.columns.length === 2 && index.columns[1].propertyName === 'id')
          .map((index) => index.columns[0].propertyName),
      );
      const missing = fields.filter((field) => field !== 'id' && !indexed.has(field));
      const nullable = fields.filter((field) => entity.findColumnWithPropertyName(field)?.isNullable !== false);
      if (missing.length || nullable.length) problems[resource] = { missing, nullable };
    }
    expect(problems).toEqual({});
  });
});
