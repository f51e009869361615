import { Pool } from 'pg';
import { Caller, PRODUCT_COLUMNS, ProductInput, ProductRow, Store, toProduct, WRITABLE } from './store';

/** node-postgres with named (server-side prepared) statements on a pool of `poolSize` connections. */
export function postgresStore(url: string, poolSize: number): Store {
  const pool = new Pool({ connectionString: url, max: poolSize });
  const one = async <R>(name: string, text: string, values: unknown[]): Promise<R | undefined> =>
    (await pool.query<R & Record<string, unknown>>({ name, text, values })).rows[0];

  return {
    get: async (id) => {
      const row = await one<ProductRow>('get', `SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = $1`, [id]);
      return row && toProduct(row);
    },
    newest: async (offset, limit) => {
      const [page, count] = await Promise.all([
        pool.query<ProductRow & { created_at_text: string }>({
          name: 'newest',
          text: `SELECT ${PRODUCT_COLUMNS}, created_at::text AS created_at_text FROM products ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2`,
          values: [limit, offset],
        }),
        one<{ total: string }>('count', 'SELECT COUNT(*) AS total FROM products', []),
      ]);
      return {
        rows: page.rows.map((row) => ({ product: toProduct(row), createdAtText: row.created_at_text })),
        total: Number(count!.total),
      };
    },
    create: async (input, ownerId) => {
      const row = await one<ProductRow>(
        'create',
        `INSERT INTO products (name, description, sku, price, quantity, is_active, status, category, user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${PRODUCT_COLUMNS}`,
        [
          input.name,
          input.description ?? null,
          input.sku,
          input.price,
          input.quantity ?? 0,
          input.isActive ?? true,
          input.status ?? 'active',
          input.category ?? null,
          ownerId,
        ],
      );
      return toProduct(row!);
    },
    update: async (id, input, { id: callerId, role }: Caller) => {
      const fields = Object.keys(input) as (keyof ProductInput)[];
      const set = fields.map((field, index) => `${WRITABLE[field]} = $${index + 1}`).join(', ');
      const n = fields.length;
      const row = await one<ProductRow>(
        `update:${fields.join(',')}`,
        `UPDATE products SET ${set}, updated_at = CURRENT_TIMESTAMP WHERE id = $${n + 1} AND (user_id = $${n + 2} OR $${n + 3} = 'admin') RETURNING ${PRODUCT_COLUMNS}`,
        [...fields.map((field) => input[field]), id, callerId, role],
      );
      if (row) return toProduct(row);
      return (await one('exists', 'SELECT id FROM products WHERE id = $1', [id])) ? null : undefined;
    },
    caller: async (userId) => {
      const row = await one<{ id: number; role: string; is_active: boolean }>(
        'caller',
        'SELECT id, role, is_active FROM users WHERE id = $1',
        [userId],
      );
      return row?.is_active ? { id: row.id, role: row.role } : undefined;
    },
    close: () => pool.end(),
  };
}
