import { getMetadataStorage } from 'class-validator';
import { Optional } from './presence';

type Class<T> = abstract new (...args: never[]) => T;

/**
 * The Update DTO: every field of the Create DTO, each optional but still validated by the same rules.
 * Declared once on the base class, so a rule added there reaches create, update, validation and docs alike.
 */
export function PartialDto<T>(Base: Class<T>): Class<Partial<T>> {
  abstract class PartialClass extends (Base as unknown as new () => object) {}
  const properties = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(Base as unknown as new () => T, '', true, false)
      .map((metadata) => metadata.propertyName),
  );
  for (const property of properties) Optional()(PartialClass.prototype, property);
  return PartialClass as unknown as Class<Partial<T>>;
}
