import Database, { Statement } from 'better-sqlite3';
import { Caller, PRODUCT_COLUMNS, ProductInput, ProductRow, Store, toProduct, WRITABLE } from './store';

/**
 * better-sqlite3 with statements prepared once (one per distinct PATCH field set). Writes read their RETURNING
 * row with all(), not get(): get() resets the statement before it completes, which skips SQLite's WAL
 * auto-checkpoint, so the WAL would grow without bound and the next process to write would pay for it.
 */
export function sqliteStore(path: string): Store {
  const db = new Database(path, { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  const get = db.prepare<[number], ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = ?`);
  const newest = db.prepare<[number, number], ProductRow & { created_at_text: string }>(
    `SELECT ${PRODUCT_COLUMNS}, created_at AS created_at_text FROM products ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
  );
  const count = db.prepare<[], { total: number }>('SELECT COUNT(*) AS total FROM products');
  const insert = db.prepare<unknown[], ProductRow>(
    `INSERT INTO products (name, description, sku, price, quantity, is_active, status, category, user_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${PRODUCT_COLUMNS}`,
  );
  const exists = db.prepare<[number], { id: number }>('SELECT id FROM products WHERE id = ?');
  const caller = db.prepare<[number], { id: number; role: string; is_active: number }>(
    'SELECT id, role, is_active FROM users WHERE id = ?',
  );
  const updates = new Map<string, Statement<unknown[], ProductRow>>();

  function updateStatement(fields: (keyof ProductInput)[]): Statement<unknown[], ProductRow> {
    const key = fields.join(',');
    let statement = updates.get(key);
    if (!statement) {
      const set = fields.map((field) => `${WRITABLE[field]} = ?`).join(', ');
      statement = db.prepare(
        `UPDATE products SET ${set}, updated_at = datetime('now') WHERE id = ? AND (user_id = ? OR ? = 'admin') RETURNING ${PRODUCT_COLUMNS}`,
      );
      updates.set(key, statement);
    }
    return statement;
  }

  const bindable = (value: unknown) => (typeof value === 'boolean' ? Number(value) : value);

  return {
    async get(id) {
      const row = get.get(id);
      return row && toProduct(row);
    },
    async newest(offset, limit) {
      const rows = newest.all(limit, offset).map((row) => ({ product: toProduct(row), createdAtText: row.created_at_text }));
      return { rows, total: count.get()!.total };
    },
    async create(input, ownerId) {
      const [row] = insert.all(
        input.name,
        input.description ?? null,
        input.sku,
        input.price,
        input.quantity ?? 0,
        Number(input.isActive ?? true),
        input.status ?? 'active',
        input.category ?? null,
        ownerId,
      );
      return toProduct(row);
    },
    async update(id, input, { id: callerId, role }: Caller) {
      const fields = Object.keys(input) as (keyof ProductInput)[];
      const [row] = updateStatement(fields).all(...fields.map((field) => bindable(input[field])), id, callerId, role);
      if (row) return toProduct(row);
      return exists.get(id) ? null : undefined;
    },
    async caller(userId) {
      const row = caller.get(userId);
      return row?.is_active ? { id: row.id, role: row.role } : undefined;
    },
    async close() {
      db.close();
    },
  };
}
