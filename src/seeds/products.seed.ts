import { Product } from '../entities/product.entity';
import { User } from '../entities/user.entity';
import { ProductsRepository } from '../repositories/products.repository';
import { defineSeed } from './seed';
import { SAMPLE_USERS } from './users.seed';

type SampleProduct = [name: string, price: number, quantity: number, description?: string];

/** A small shop's catalogue, by category; the SKU is the category's prefix and the position. */
const CATALOGUE: Record<string, { prefix: string; products: SampleProduct[] }> = {
  lighting: {
    prefix: 'LGT',
    products: [
      ['Desk lamp', 19.99, 42, 'Adjustable arm, warm white LED'],
      ['Floor lamp', 59.5, 12, 'Linen shade, 160 cm'],
      ['Clip-on reading light', 12.75, 80],
      ['LED strip, 2 m', 15.2, 150, 'Dimmable, with remote'],
      ['Pendant light', 89, 6, 'Smoked glass, E27 socket'],
      ['Bedside lamp', 24.9, 33],
      ['Solar garden lights (4 pack)', 29.99, 25],
      ['Smart bulb', 11.49, 200, 'Works without a hub'],
    ],
  },
  furniture: {
    prefix: 'FRN',
    products: [
      ['Standing desk', 449, 4, 'Electric, 70 to 120 cm'],
      ['Office chair', 229.95, 9, 'Mesh back, adjustable lumbar support'],
      ['Bookshelf', 119, 7],
      ['Side table', 45.5, 18, 'Solid oak'],
      ['Monitor stand', 34.99, 40],
      ['Filing cabinet', 139, 0, 'Three drawers, lockable'],
      ['Footrest', 27.8, 22],
      ['Coat rack', 39.9, 11],
    ],
  },
  stationery: {
    prefix: 'STN',
    products: [
      ['A5 notebook, dotted', 8.5, 300, '120 gsm paper, lies flat'],
      ['Fountain pen', 32, 45],
      ['Gel pens (10 pack)', 6.99, 500],
      ['Desk organiser', 21.5, 60],
      ['Sticky notes (12 pads)', 9.25, 400],
      ['Mechanical pencil', 4.75, 250, '0.5 mm, with eraser'],
      ['Wall planner 2025', 14, 0],
      ['Paper clips (500)', 3.2, 800],
    ],
  },
  electronics: {
    prefix: 'ELC',
    products: [
      ['USB-C hub', 39.99, 70, 'Seven ports, 100 W pass-through'],
      ['Wireless keyboard', 69, 35],
      ['Ergonomic mouse', 49.5, 52],
      ['27" monitor', 289, 8, '2560 x 1440, IPS'],
      ['Noise-cancelling headphones', 199.99, 14],
      ['Webcam', 74.9, 27, '1080p, privacy shutter'],
      ['Laptop stand', 29.95, 90],
      ['Portable SSD, 1 TB', 109, 31],
    ],
  },
  kitchen: {
    prefix: 'KIT',
    products: [
      ['Espresso cups (set of 4)', 18, 64],
      ['Electric kettle', 44.99, 23, '1.7 l, keeps warm'],
      ['Travel mug', 16.5, 120],
      ['Coffee grinder', 79, 13],
      ['Tea infuser', 7.9, 210],
      ['Water bottle', 22, 95, 'Insulated, 750 ml'],
    ],
  },
};

/** Owners: the active sample users who are not admins, in turn. */
const OWNERS = SAMPLE_USERS.filter((user) => user.role === 'user' && user.isActive).map((user) => user.email);

export const SAMPLE_PRODUCTS = Object.entries(CATALOGUE).flatMap(([category, { prefix, products }]) =>
  products.map(([name, price, quantity, description], index) => ({
    name,
    sku: `${prefix}-${String(index + 1).padStart(3, '0')}`,
    price,
    quantity,
    category,
    description: description ?? null,
    // out of stock is inactive, and one in seven is discontinued
    status: quantity > 0 && index % 7 !== 6 ? ('active' as const) : ('inactive' as const),
    isActive: quantity > 0,
    owner: OWNERS[index % OWNERS.length],
  })),
);

/** Through the repository: a product's owner is whoever creates it through the API, and a seed is not a caller. */
export default defineSeed({
  entity: Product,
  naturalKey: 'sku',
  rows: () => SAMPLE_PRODUCTS,
  create: async ({ owner, ...product }, { db, idOf }) =>
    new ProductsRepository(db).create({ ...product, userId: await idOf(User, 'email', owner) }),
});
