import 'reflect-metadata';

const EXAMPLE = Symbol('dto:example');

/**
 * A realistic value for the field, shown by the OpenAPI document as the schema's `examples` and used by Swagger
 * UI's "Try it out" as the body it proposes, instead of one generated from the rules (`"sku": "Ra74FMUX.8d…"`).
 * Inherited by the Update and Response DTOs built from the class.
 */
export function Example(value: unknown): PropertyDecorator {
  return (target, property) => Reflect.defineMetadata(EXAMPLE, value, target, property);
}

/** The example declared for a property of the class or of a class it extends, if any. */
export function exampleOf(target: abstract new (...args: never[]) => unknown, property: string): { value: unknown } | undefined {
  return Reflect.hasMetadata(EXAMPLE, target.prototype, property)
    ? { value: Reflect.getMetadata(EXAMPLE, target.prototype, property) }
    : undefined;
}
