import type { DatabaseConfig } from '../../src/config/app-config';
import { query } from '../migrator/migrate-support';

/**
 * Two rows in every table of the project's schema (users, refresh_tokens, products, items), so that a migration
 * test sees a cascade or a rollback anywhere. The tables are fresh, so the ids are 1 and 2 (no explicit ids: SQL
 * Server refuses them without IDENTITY_INSERT); tokens and products belong to users 1 and 2; no product has a
 * category (NULL).
 */
export async function seedProjectTables(config: DatabaseConfig): Promise<void> {
  const statements = [
    "INSERT INTO users (email, full_name, password_hash) VALUES ('ada@example.com', 'Ada', 'x'), ('bob@example.com', 'Bob', 'y')",
    "INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at) VALUES ('h1', 'f1', 1, '2030-01-01 00:00:00'), ('h2', 'f2', 2, '2030-01-01 00:00:00')",
    "INSERT INTO products (name, sku, price, user_id) VALUES ('Lamp', 'SKU-1', 9.5, 1), ('Desk', 'SKU-2', 120, 2)",
    "INSERT INTO items (name) VALUES ('Bulb'), ('Drawer')",
  ];
  for (const sql of statements) await query(config, sql);
}
