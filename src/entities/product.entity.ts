import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { decimalToNumber } from './column-transformers';
import { EntityBase } from './entity-base';
import { User } from './user.entity';

export const PRODUCT_STATUSES = ['active', 'inactive'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/**
 * The unique is named explicitly: MariaDB stores uniques as indexes and would otherwise name it like one.
 * One (field, id) index per sort field (PRODUCT_SORT_FIELDS): a sorted page, and a cursor page anywhere in the
 * table, is an index seek plus pageSize rows, whatever the table's size.
 */
@Entity('products')
@Unique('UQ_products_sku', ['sku'])
@Index(['name', 'id'])
@Index(['price', 'id'])
@Index(['quantity', 'id'])
@Index(['createdAt', 'id'])
@Index(['updatedAt', 'id'])
export class Product extends EntityBase {
  @Column({ type: String, length: 255 })
  name: string;

  @Column({ type: String, length: 1000, nullable: true })
  description: string | null;

  @Column({ type: String, length: 64 })
  sku: string;

  @Column({ type: 'decimal', precision: 10, scale: 2, transformer: decimalToNumber })
  price: number;

  @Column({ type: 'int', default: 0 })
  quantity: number;

  @Column({ type: Boolean, default: true })
  isActive: boolean;

  @Column({ type: 'simple-enum', enum: PRODUCT_STATUSES, default: 'active' })
  status: ProductStatus;

  @Column({ type: String, length: 100, nullable: true })
  category: string | null;

  @Index()
  @Column({ type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'user_id' })
  user?: User;
}
