import type { FieldSpec } from '../field-spec';
import { constantCase, pluralize, type ResourceNames, upperFirst } from '../naming';

/** `status` of Gadget → `GADGET_STATUSES` (the values) and `GadgetStatus` (their type), as PRODUCT_STATUSES is. */
export function enumNames(names: ResourceNames, field: FieldSpec): { values: string; type: string } {
  return { values: `${names.constant}_${constantCase(pluralize(field.name))}`, type: `${names.className}${upperFirst(field.name)}` };
}
