import { Column, Entity } from 'typeorm';
import { EntityBase } from './entity-base';

@Entity('items')
export class Item extends EntityBase {
  @Column({ type: String, length: 255 })
  name: string;

  @Column({ type: String, length: 1000, nullable: true })
  description: string | null;

  @Column({ type: Boolean, default: true })
  isActive: boolean;
}
