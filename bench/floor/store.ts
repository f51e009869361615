/**
 * The floor's data access: hand-written SQL for exactly the requests the bench sends, with nothing between
 * the route and the driver. Each engine has one (sqlite-store.ts, postgres-store.ts).
 */
export interface ProductJson {
  id: number;
  name: string;
  description: string | null;
  sku: string;
  price: number;
  quantity: number;
  isActive: boolean;
  status: string;
  category: string | null;
  userId: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A page row: the product and the `created_at` text its cursor carries. */
export interface ListedRow {
  product: ProductJson;
  createdAtText: string;
}

export interface Caller {
  id: number;
  role: string;
}

export type ProductInput = Partial<
  Pick<ProductJson, 'name' | 'description' | 'sku' | 'price' | 'quantity' | 'isActive' | 'status' | 'category'>
>;

/** Columns a body may set, by JSON field. */
export const WRITABLE: Record<keyof ProductInput, string> = {
  name: 'name',
  description: 'description',
  sku: 'sku',
  price: 'price',
  quantity: 'quantity',
  isActive: 'is_active',
  status: 'status',
  category: 'category',
};

export const PRODUCT_COLUMNS = 'id, name, description, sku, price, quantity, is_active, status, category, user_id, created_at, updated_at';

export interface Store {
  get(id: number): Promise<ProductJson | undefined>;
  /** `limit` rows newest first from `offset`, and the total count. */
  newest(offset: number, limit: number): Promise<{ rows: ListedRow[]; total: number }>;
  create(input: ProductInput, ownerId: number): Promise<ProductJson>;
  /** undefined: no such product; null: not the caller's to change. */
  update(id: number, input: ProductInput, caller: Caller): Promise<ProductJson | undefined | null>;
  caller(userId: number): Promise<Caller | undefined>;
  close(): Promise<void>;
}

export interface ProductRow {
  id: number | bigint;
  name: string;
  description: string | null;
  sku: string;
  price: number | string;
  quantity: number;
  is_active: boolean | number;
  status: string;
  category: string | null;
  user_id: number;
  created_at: Date | string;
  updated_at: Date | string;
}

/** SQLite keeps `YYYY-MM-DD HH:MM:SS` text in UTC; pg already returns a Date. */
const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`));

export function toProduct(row: ProductRow): ProductJson {
  return {
    id: Number(row.id),
    name: row.name,
    description: row.description,
    sku: row.sku,
    price: Number(row.price),
    quantity: row.quantity,
    isActive: Boolean(row.is_active),
    status: row.status,
    category: row.category,
    userId: row.user_id,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}
