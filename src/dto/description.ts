import 'reflect-metadata';

const DESCRIPTION = Symbol('dto:description');

/**
 * Words for a rule the schema keywords cannot say (a cursor only this API issued, the password policy that needs
 * the email too): shown as the field's `description` in the OpenAPI document. Inherited like @Example.
 */
export function Description(text: string): PropertyDecorator {
  return (target, property) => Reflect.defineMetadata(DESCRIPTION, text, target, property);
}

export function descriptionOf(target: abstract new (...args: never[]) => unknown, property: string): string | undefined {
  return Reflect.getMetadata(DESCRIPTION, target.prototype, property) as string | undefined;
}
