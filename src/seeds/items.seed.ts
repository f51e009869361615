import type { CreateItemDto } from '../entities/item.dto';
import { Item } from '../entities/item.entity';
import { defineSeed } from './seed';

/** Things an office keeps track of; the last few are retired (isActive false). */
export const SAMPLE_ITEMS: CreateItemDto[] = [
  { name: 'Meeting room projector', description: 'Room 2.14, HDMI and USB-C' },
  { name: 'Conference phone', description: 'Room 2.14' },
  { name: 'Whiteboard markers', description: 'Supply cupboard, second shelf' },
  { name: 'First aid kit', description: 'Kitchen, next to the fridge' },
  { name: 'Fire extinguisher', description: 'Checked every March' },
  { name: 'Label printer', description: null },
  { name: 'Spare laptop charger', description: '65 W USB-C' },
  { name: 'Visitor badges', description: 'Reception desk drawer' },
  { name: 'Parcel scale', description: 'Up to 30 kg' },
  { name: 'Tool box', description: 'Screwdrivers, pliers, tape measure' },
  { name: 'Extension lead', description: '5 m, six sockets' },
  { name: 'Umbrella stand', description: null },
  { name: 'Coffee machine', description: 'Descale monthly' },
  { name: 'Ladder', description: 'Three steps, storage room' },
  { name: 'Shredder', description: 'Cross-cut, P-4' },
  { name: 'Fax machine', description: 'Kept for one supplier', isActive: false },
  { name: 'Overhead projector', description: 'Replaced by the room projector', isActive: false },
  { name: 'CRT monitor', description: 'Waiting for recycling', isActive: false },
];

export default defineSeed({
  entity: Item,
  naturalKey: 'name',
  rows: () => SAMPLE_ITEMS,
  create: (item, { services }) => services.items.create(item),
});
