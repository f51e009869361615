import type { ReferencedEntity, ResourceSpec } from '../field-spec';
import { lowerFirst } from '../naming';

/** The repositories of the entities the resource refers to, once each, as `users: UsersRepository`. */
export function referencedRepositories(spec: ResourceSpec): Array<ReferencedEntity & { variable: string }> {
  const targets = spec.fields.flatMap((field) => (field.type.kind === 'ref' ? [field.type.target] : []));
  return [...new Map(targets.map((target) => [target.className, target])).values()].map((target) => ({
    ...target,
    variable: lowerFirst(target.repositoryClass.replace(/Repository$/, '')),
  }));
}
