import fc from 'fast-check';

/**
 * Building blocks of the request fuzzers: values of the wrong type or shape, fields that are
 * valid or odd, unknown fields on top (the schemas are strict). Each test file seeds its runs.
 */
export const odd = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('', ' ', '__proto__', '0812', '+62', 'TAXI', 'GOJEK', '1e309', '\uD800', 'x'.repeat(5000)),
  fc.constant([]),
  fc.constant({}),
  fc.jsonValue({ maxDepth: 2 }),
);

/** The valid value most of the time (`weight` to 1), else an odd one. */
export const maybe = <T>(valid: fc.Arbitrary<T>, weight = 6) => fc.oneof({ weight, arbitrary: valid }, { weight: 1, arbitrary: odd });

/** Now and then an unknown field, or one the server sets itself, on top of the body. */
export const withExtra = (names: readonly string[]) => (body: Record<string, unknown>) =>
  fc
    .oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom('extra', '__proto__', 'pk', ...names), odd) })
    .map((extra) => (extra === null ? body : { ...body, [extra[0]]: extra[1] }));
