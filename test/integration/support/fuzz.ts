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

/** A day as a client might send it: mostly a sane one, else out of range, impossible or not a day. */
export const dayText = fc.oneof(
  { weight: 4, arbitrary: fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('9999-12-01', '9999-12-31', '0000-01-01', '0001-01-01', '1970-01-01', '2019-12-31', '2101-01-01', '2026-02-29', '2028-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '+275760-09-13', '2026-1-1', '20261201', '2026-12-01T00:00:00Z'),
  },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`) },
);

/** A query parameter value: plausible for its name now and then, else odd text. */
const queryValue = (name: string) => {
  const plausible: Record<string, fc.Arbitrary<string>> = {
    limit: fc.oneof(fc.integer({ min: -5, max: 150 }).map(String), fc.constantFrom('1e3', '0x10', '', 'NaN', '20.5', '9'.repeat(30))),
    from: dayText,
    to: dayText,
    format: fc.constantFrom('json', 'csv', 'CSV', 'xml', ''),
    status: fc.constantFrom('REGISTERED', 'PREPARING', 'PLACED', 'ACCEPTED', 'SEARCHING', 'preparing', 'NOPE'),
    kecamatan: fc.constantFrom('Banyuwangi', 'giri', 'Genteng', 'Atlantis', ''),
    halal: fc.constantFrom('CERTIFIED', 'self_declared', 'NONE', 'haram', ''),
  };
  return fc.oneof({ weight: 5, arbitrary: Object.hasOwn(plausible, name) ? plausible[name]! : fc.string({ maxLength: 12 }) }, { weight: 1, arbitrary: oddText });
};

/** Strings that have broken parsers before: encodings, separators, huge, control and lone surrogates. */
export const oddText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', '\uFFFF', '\uD800', '💊', '%', '%E0%A4%A', '..', '.', '/', '?', '#', '&', '=', '+', '__proto__', 'constructor', 'null', '-1', '1e309', 'x'.repeat(3000)),
);

/**
 * Query strings for a route: a few of the names the API knows (each about every other time, so
 * that pairs such as from and to come together), now and then an unknown one, odd values,
 * and some sent raw as a hand-typed URL would be.
 */
export const queryString = (names: readonly string[]) =>
  fc
    .tuple(fc.subarray([...names]), fc.array(oddText, { maxLength: 1 }))
    .chain(([chosen, unknown]) =>
      fc.tuple(...[...chosen, ...unknown].map((name) => fc.tuple(fc.constant(name), queryValue(name), fc.nat(9).map((n) => n === 0)))),
    )
    .map((pairs) =>
      pairs.map(([name, value, raw]) => (raw ? `${name}=${value}`.replace(/[#\s]/g, encodeURIComponent) : `${urlEncoded(name)}=${urlEncoded(value)}`)).join('&'),
    );

/** A URL carries UTF-8, which has no lone surrogates: a client sends U+FFFD in their place. */
export const urlEncoded = (value: string): string =>
  encodeURIComponent(value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));

/** A path parameter: a real id of its kind most of the time, else odd text. */
export const pathValue = (known: readonly string[]) => {
  // '.' and '..' (even escaped) are path steps to a URL, not a segment: the request would go elsewhere.
  const odd = oddText.filter((s) => s.length > 0 && s !== '.' && s !== '..');
  return known.length === 0 ? odd : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 2, arbitrary: odd });
};
