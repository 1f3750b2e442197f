import { isCustomScalarType, isEnumType, type LeafType, type Schema } from '@apollo/federation-internals';

const INTEGER_TEXT = /^-?(?:0|[1-9][0-9]*)$/;

/**
 * @apollo/federation-internals' `isValidLeafValue(schema, value, type)` for one leaf type of one
 * schema, with what it looks up on every call (the custom-scalar and enum tests, four built-in types
 * by name) looked up once. An integer's text is only read when it is not a safe integer, whose
 * text always is digits.
 */
export function leafCheck(schema: Schema, type: LeafType): (value: unknown) => boolean {
  if (isCustomScalarType(type)) return () => true;
  const isBoolean = type === schema.booleanType();
  const isInt = type === schema.intType();
  const takesIntegersOnly = isInt || type === schema.idType();
  const isFloat = type === schema.floatType();
  const takesStrings = !isBoolean && !isInt && !isFloat;
  const enumType = isEnumType(type) ? type : null;
  return (value) => {
    switch (typeof value) {
      case 'boolean':
        return isBoolean;
      case 'number':
        if (!isFinite(value)) return false;
        return takesIntegersOnly ? Number.isSafeInteger(value) || INTEGER_TEXT.test(String(value)) : isFloat;
      case 'string':
        return enumType ? enumType.value(value) !== undefined : takesStrings;
      default:
        return false;
    }
  };
}

const checks = new WeakMap<LeafType, { schema: Schema; check: (value: unknown) => boolean }>();

/** `isValidLeafValue`, its check kept per type (and made again should the type be read with another schema). */
export function isValidLeafValue(schema: Schema, value: unknown, type: LeafType): boolean {
  let known = checks.get(type);
  if (known?.schema !== schema) checks.set(type, (known = { schema, check: leafCheck(schema, type) }));
  return known.check(value);
}
