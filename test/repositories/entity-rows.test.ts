import { useMetadataDataSource } from '../support/test-databases';
import { Product } from '../../src/entities/product.entity';
import { EntityRows } from '../../src/repositories/entity-rows';

describe('EntityRows statement cache', () => {
  const dataSource = useMetadataDataSource();

  it('builds a shape once, and stays bounded when clients ask for ever more shapes', () => {
    const rows = new EntityRows<Product>(dataSource(), dataSource().getMetadata(Product));
    const built: string[] = [];
    const statement = (key: string) => rows.statement(key, () => (built.push(key), `SELECT ${key}`));
    expect(statement('a')).toBe('SELECT a');
    expect(statement('a')).toBe('SELECT a');
    expect(built).toEqual(['a']);
    for (let i = 0; i < 1000; i++) statement(`shape-${i}`);
    built.length = 0;
    statement('shape-999'); // recent: still cached
    statement('a'); // oldest: dropped long ago, so built again
    expect(built).toEqual(['a']);
  });
});
