import { Column, Entity, Index } from 'typeorm';
import { EntityBase } from './entity-base';

/** One (field, id) index per sort field (ITEM_SORT_FIELDS), so sorted and cursor pages stay index reads. */
@Entity('items')
@Index(['name', 'id'])
@Index(['createdAt', 'id'])
@Index(['updatedAt', 'id'])
export class Item extends EntityBase {
  @Column({ type: String, length: 255 })
  name: string;

  @Column({ type: String, length: 1000, nullable: true })
  description: string | null;

  @Column({ type: Boolean, default: true })
  isActive: boolean;
}
