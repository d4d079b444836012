import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type ApiResult, type TestRuntime } from './support/local.ts';
import {
  createFacility,
  createOrder,
  expectError,
  facilityBody,
  JEMBER,
  listAllOrders,
  orderBody,
  uniquePrescriptionNo,
} from './support/ordering.ts';

// What the pharmacy desk can get wrong, and what nobody should be able to break: every bad
// request is a 4xx with the error envelope, never a 500, and never leaves an order behind.
let t: TestRuntime;
let admin: string;
let pharmacist: string;
let facilityId: string;

beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('admin', 'admin-pemkab');
  pharmacist = await t.token('pharmacy', 'apoteker-genteng');
  facilityId = await createFacility(t, admin, 'genteng', ['apoteker-genteng']);
});
afterAll(async () => {
  await t?.stop();
});

const register = (body: unknown) => t.post('/v1/medicine-orders', body, pharmacist);
const paths = (error: { details: { path?: string }[] }) => error.details.map((d) => d.path);

describe('domain rules (422), and nothing is written', () => {
  it('refuses narcotic and psychotropic items with RESTRICTED_MEDICINE, naming each item', async () => {
    const res = await register(
      orderBody(facilityId, {
        items: [
          { name: 'Paracetamol 500 mg', quantity: 10, unit: 'tablet', category: 'REGULAR' },
          { name: 'Kodein 10 mg', quantity: 10, unit: 'tablet', category: 'NARCOTIC' },
          { name: 'Diazepam 5 mg', quantity: 10, unit: 'tablet', category: 'PSYCHOTROPIC' },
        ],
      }),
    );
    const error = expectError(res, 422, 'RESTRICTED_MEDICINE');
    expect(paths(error)).toEqual(['items.1.category', 'items.2.category']);

    const single = expectError(
      await register(orderBody(facilityId, { items: [{ name: 'Morfin 10 mg', quantity: 1, unit: 'ampul', category: 'NARCOTIC' }] })),
      422,
      'RESTRICTED_MEDICINE',
    );
    expect(paths(single)).toEqual(['items.0.category']);
    expect(await listAllOrders(t, admin, facilityId)).toEqual([]);
  });

  it('refuses a patient in Jember with OUTSIDE_SERVICE_AREA', async () => {
    const error = expectError(await register(orderBody(facilityId, { patient: { location: { ...JEMBER } } })), 422, 'OUTSIDE_SERVICE_AREA');
    expect(paths(error)).toEqual(['patient.location']);
    expect(await listAllOrders(t, admin, facilityId)).toEqual([]);
  });

  it('refuses an unknown facility with 422 UNKNOWN_FACILITY', async () => {
    expectError(await register(orderBody('fac_01NOSUCHFACILITY000000000')), 422, 'UNKNOWN_FACILITY');
  });
});

describe('malformed requests (400)', () => {
  const cases: [string, (body: Record<string, any>) => unknown, string][] = [
    ['a NIK of 15 digits', (b) => ({ ...b, patient: { ...b.patient, nik: '351001234567890' } }), 'patient.nik'],
    ['a NIK of 17 digits', (b) => ({ ...b, patient: { ...b.patient, nik: '35100123456789012' } }), 'patient.nik'],
    ['a NIK with letters', (b) => ({ ...b, patient: { ...b.patient, nik: '3510O12345678901' } }), 'patient.nik'],
    ['a NIK as a number', (b) => ({ ...b, patient: { ...b.patient, nik: 3510012345678901 } }), 'patient.nik'],
    ['quantity 0', (b) => ({ ...b, items: [{ ...b.items[0], quantity: 0 }] }), 'items.0.quantity'],
    ['a negative quantity', (b) => ({ ...b, items: [b.items[0], { ...b.items[1], quantity: -2 }] }), 'items.1.quantity'],
    ['a fractional quantity', (b) => ({ ...b, items: [{ ...b.items[0], quantity: 1.5 }] }), 'items.0.quantity'],
    ['a quantity as a string', (b) => ({ ...b, items: [{ ...b.items[0], quantity: '30' }] }), 'items.0.quantity'],
    ['an unknown kecamatan', (b) => ({ ...b, patient: { ...b.patient, address: { ...b.patient.address, kecamatan: 'Sumbersari' } } }), 'patient.address.kecamatan'],
    ['a landline phone', (b) => ({ ...b, patient: { ...b.patient, phone: '0333-421234' } }), 'patient.phone'],
    ['a foreign phone', (b) => ({ ...b, patient: { ...b.patient, phone: '+6591234567' } }), 'patient.phone'],
    ['a phone with letters', (b) => ({ ...b, patient: { ...b.patient, phone: '0812-ABC-0001' } }), 'patient.phone'],
    ['no items', (b) => ({ ...b, items: [] }), 'items'],
    ['an unknown category', (b) => ({ ...b, items: [{ ...b.items[0], category: 'HERBAL' }] }), 'items.0.category'],
    ['an unknown payer', (b) => ({ ...b, payer: 'ASURANSI' }), 'payer'],
    ['no patient name', (b) => ({ ...b, patient: { ...b.patient, name: '   ' } }), 'patient.name'],
    ['a latitude as a string', (b) => ({ ...b, patient: { ...b.patient, location: { lat: '-8.2', lng: 114.37 } } }), 'patient.location.lat'],
  ];
  for (const [what, mutate, path] of cases) {
    it(`refuses ${what}, naming ${path}`, async () => {
      const error = expectError(await register(mutate(orderBody(facilityId))), 400, 'VALIDATION_FAILED');
      expect(paths(error)).toContain(path);
    });
  }

  it('refuses unknown extra fields, at the top and inside the patient and items', async () => {
    for (const body of [
      { ...orderBody(facilityId), priority: 'URGENT' },
      orderBody(facilityId, { patient: { bpjsNo: '0001234567890' } }),
      orderBody(facilityId, { items: [{ name: 'Amoxicillin', quantity: 10, unit: 'kapsul', category: 'REGULAR', priceIdr: 5000 }] }),
    ]) {
      const error = expectError(await register(body), 400, 'VALIDATION_FAILED');
      expect(error.details.map((d) => d.message).join(' ')).toMatch(/priority|bpjsNo|priceIdr/);
    }
  });

  it('refuses a missing body and malformed JSON', async () => {
    expectError(await t.request('POST', '/v1/medicine-orders', { token: pharmacist }), 400, 'MISSING_BODY');
    expectError(await t.request('POST', `/v1/medicine-orders/mo_x/status`, { token: pharmacist }), 400, 'MISSING_BODY');
    for (const text of ['{"facilityId": ', "{'facilityId': 'x'}", '{"status": NaN}', 'undefined']) {
      const res = await t.request('POST', '/v1/medicine-orders', { token: pharmacist, body: text, headers: { 'content-type': 'application/json' } });
      expectError(res, 400, 'MALFORMED_JSON');
    }
  });

  it('refuses a body sent as a form or plain text with 415 UNSUPPORTED_MEDIA_TYPE, and reads JSON sent with any JSON type or none', async () => {
    // Its own facility: the suite checks that its refusals left the shared one without orders.
    const facilityId = await createFacility(t, admin, 'genteng', ['apoteker-genteng'], { name: 'Apotek Uji Jenis Isi' });
    const json = JSON.stringify(orderBody(facilityId));
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
      const res = await t.request('POST', '/v1/medicine-orders', { token: pharmacist, body: json, headers: { 'content-type': type } });
      const error = expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(paths(error)).toEqual(['Content-Type']);
    }
    const before = (await listAllOrders(t, pharmacist, facilityId)).length;
    for (const type of ['application/json', 'Application/JSON; charset=utf-8', 'application/merge-patch+json']) {
      const res = await t.request('POST', '/v1/medicine-orders', { token: pharmacist, body: JSON.stringify(orderBody(facilityId)), headers: { 'content-type': type } });
      expect(res.status, `${type}: ${res.text}`).toBe(201);
    }
    // A script that sends JSON without saying so (the header is absent) is read as JSON.
    const bare = await fetch(`${t.apiUrl}/v1/medicine-orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${pharmacist}` },
      body: new TextEncoder().encode(JSON.stringify(orderBody(facilityId))),
    });
    expect(bare.headers.get('content-type')).toMatch(/json/);
    expect(bare.status, await bare.text()).toBe(201);
    expect((await listAllOrders(t, pharmacist, facilityId)).length).toBe(before + 4);
  });

  it('names each unknown key by its path, at the top and nested', async () => {
    const error = expectError(
      await register({ ...orderBody(facilityId), priority: 'URGENT', channel: 'web', patient: { ...orderBody(facilityId).patient, bpjsNo: '0001234567890' } }),
      400,
      'VALIDATION_FAILED',
    );
    expect(paths(error)).toEqual(expect.arrayContaining(['priority', 'channel', 'patient.bpjsNo']));
    expect(error.details.filter((d) => d.path === undefined)).toEqual([]);
  });

  it('refuses a cursor that is garbage, forged, or from another facility’s list with INVALID_CURSOR', async () => {
    const other = await createFacility(t, admin, 'blambangan', ['apoteker-genteng']);
    await createOrder(t, pharmacist, orderBody(other));
    await createOrder(t, pharmacist, orderBody(other));
    const page = await t.get(`/v1/medicine-orders?facilityId=${other}&limit=1`, pharmacist);
    expect(page.body.nextCursor).toEqual(expect.any(String));

    const encode = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const cursors = {
      garbage: '%%%not-a-cursor',
      notJson: Buffer.from('hello').toString('base64url'),
      otherFacility: page.body.nextCursor,
      wrongAttributes: encode({ pk: 'MO#x', sk: 'MO' }),
      emptyValues: encode({ pk: '', sk: '', gsi1pk: `FACILITY#${facilityId}#MO`, gsi1sk: '' }),
      numbers: encode({ pk: 1, sk: 2, gsi1pk: `FACILITY#${facilityId}#MO`, gsi1sk: 3 }),
    };
    for (const [kind, cursor] of Object.entries(cursors)) {
      const res = await t.get(`/v1/medicine-orders?facilityId=${facilityId}&cursor=${encodeURIComponent(cursor)}`, pharmacist);
      expect({ kind, status: res.status }).toEqual({ kind, status: 400 });
      expectError(res, 400, 'INVALID_CURSOR');
    }
    // The facilities list checks its cursors the same way.
    for (const cursor of [encode({ pk: '', sk: '', gsi1pk: 'FACILITIES', gsi1sk: '' }), encode({ pk: 'STAFF#apoteker-genteng', sk: '' })]) {
      for (const token of [admin, pharmacist]) {
        expectError(await t.get(`/v1/facilities?cursor=${cursor}`, token), 400, 'INVALID_CURSOR');
      }
    }
  });

  it('refuses unknown query parameters, bad limits and bad statuses on the list', async () => {
    for (const query of ['&limit=0', '&limit=101', '&limit=ten', '&status=LOST', '&sort=asc']) {
      expectError(await t.get(`/v1/medicine-orders?facilityId=${facilityId}${query}`, pharmacist), 400, 'VALIDATION_FAILED');
    }
    expectError(await t.get('/v1/medicine-orders', pharmacist), 400, 'VALIDATION_FAILED');
  });

  it('left no order behind', async () => {
    expect(await listAllOrders(t, admin, facilityId)).toEqual([]);
  });
});

describe('text fields', () => {
  let textFacility: string;
  beforeAll(async () => {
    textFacility = await createFacility(t, admin, 'blambangan', ['apoteker-genteng'], { name: 'Puskesmas Teks' });
  });

  it.each([
    ['U+FFFF', 'Siti\uFFFF', 'U+FFFF'],
    ['U+FFFE', '\uFFFESiti', 'U+FFFE'],
    ['NUL', 'Siti\u0000Aminah', 'U+0000'],
    ['a lone surrogate', 'Siti \uD83D', 'U+D83D'],
  ])('refuses a patient name with %s: 400 naming patient.name, and nothing is written', async (_, name, named) => {
    const error = expectError(await register(orderBody(textFacility, { patient: { name } })), 400, 'VALIDATION_FAILED');
    expect(error.details).toEqual([{ path: 'patient.name', message: expect.stringContaining(named) }]);
    expect(await listAllOrders(t, admin, textFacility)).toEqual([]);
  });

  it('refuses a street with a control character, naming patient.address.street', async () => {
    const error = expectError(await register(orderBody(textFacility, { address: { street: 'Jl. Kepiting\u0007 12' } })), 400, 'VALIDATION_FAILED');
    expect(paths(error)).toEqual(['patient.address.street']);
  });

  it('accepts a patient name with an emoji, and reads it back unchanged', async () => {
    const name = 'Siti Aminah 🌸';
    const order = await createOrder(t, pharmacist, orderBody(textFacility, { patient: { name }, notes: 'Pagar hijau 🏠\nTitip tetangga' }));
    const read = await t.get(`/v1/medicine-orders/${order.orderId}`, pharmacist);
    expect(read.body.patient.name).toBe(name);
    expect(read.body.notes).toBe('Pagar hijau 🏠\nTitip tetangga');
  });
});

// ---------------------------------------------------------------------------------------------
// Fuzz: a valid request, mutated (fields dropped, wrong types, nulls, huge or odd strings, deep
// nesting, extra keys, out-of-range numbers), sent over the wire. Seeded, so a failure replays.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const HUGE = 'x'.repeat(10_000);
const oddStrings = [
  HUGE,
  '',
  '   ',
  '\u0000',
  '\ud800',
  '\udc00x',
  '\u202eRTL',
  'zero\u200bwidth',
  '💊💊💊',
  'Ṡïṫï Ämïñäḧ',
  'سيتي',
  '１２３４５６７８９０１２３４５６',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '30',
  '-8.2',
  'true',
  'null',
  '__proto__',
  '<script>alert(1)</script>',
  "'; DROP TABLE orders; --",
  '${jndi:ldap://x}',
  'FACILITY#x#MO',
];
const oddNumbers = [0, -0, -1, 1.5, -8.2, 114.37, 1e21, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, 10_001, 3510012345678901];

const nested = (depth: number, leaf: Json, asArray: boolean): Json => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
};

const valueArb: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(...oddNumbers),
  fc.constantFrom(...oddStrings),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.tuple(fc.integer({ min: 1, max: 400 }), fc.boolean()).map(([depth, asArray]) => nested(depth, 'deep', asArray)),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.constant<Json>([]),
  fc.constant<Json>({}),
);

/** Well-formed alternatives per field name, so that mutations also reach the domain rules (409, 422). */
const plausible: Record<string, Json[]> = {
  category: ['NARCOTIC', 'PSYCHOTROPIC', 'COLD_CHAIN', 'REGULAR'],
  kecamatan: ['glenmore', ' Genteng ', 'KALIBARU', 'Jember'],
  phone: ['628123456789', '+62 812 3456 789', '0812-3456-7890', '021-5551234'],
  location: [{ ...JEMBER }, { lat: -8.3, lng: 114.2 }, { lat: -8.8, lng: 114.4 }, { lat: 0, lng: 0 }],
  prescriptionNo: ['RX-FUZZ/0001', 'rx-fuzz/0001', 'RX FUZZ'],
  payer: ['GENERAL', 'BPJS_PBI', 'BPJS'],
  quantity: [1, 10_000, 10_001],
  kind: ['PUSKESMAS', 'HOSPITAL', 'KLINIK'],
  name: ['RSUD Blambangan', 'Puskesmas Sobo', 'Kodein'],
  status: ['READY_FOR_PICKUP', 'CANCELLED', 'RETURNED_TO_PHARMACY', 'DELIVERED', 'REGISTERED'],
};

type Mutation =
  | { kind: 'plausible'; at: number; pick: number }
  | { kind: 'drop'; at: number }
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'wrapInArray'; at: number }
  | { kind: 'extraKey'; at: number; key: string; value: Json }
  | { kind: 'stringify'; at: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('plausible' as const), at: fc.nat(), pick: fc.nat() }) },
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: valueArb }) },
  fc.record({ kind: fc.constant('wrapInArray' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('extraKey' as const),
    at: fc.nat(),
    key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'pk', 'status', 'version')),
    value: valueArb,
  }),
  fc.record({ kind: fc.constant('stringify' as const), at: fc.nat() }),
);

/** The whole body may also be replaced, or sent as text that is not JSON. */
type BodyCase = { kind: 'mutated'; mutations: Mutation[] } | { kind: 'whole'; value: Json } | { kind: 'text'; cut: number };
const bodyCaseArb: fc.Arbitrary<BodyCase> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('mutated' as const), mutations: fc.array(mutationArb, { minLength: 1, maxLength: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('whole' as const), value: valueArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('text' as const), cut: fc.nat() }) },
);

/** Every path to a value inside `root` (the root itself is []). */
function pathsOf(root: Json, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(root)) root.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (root && typeof root === 'object') for (const [k, v] of Object.entries(root)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

function mutate(root: Json, mutation: Mutation): Json {
  const all = mutation.kind === 'plausible' ? pathsOf(root).filter((p) => String(p.at(-1)) in plausible) : pathsOf(root);
  if (all.length === 0) return root;
  const path = all[mutation.at % all.length]!;
  const current = path.reduce<Json>((node, key) => (node as Record<string, Json>)[key as string]!, root);
  const replaced = (value: Json | undefined): Json => {
    if (path.length === 0) return value === undefined ? {} : value;
    const copy = structuredClone(root) as Record<string | number, Json>;
    const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], copy);
    const last = path.at(-1)!;
    if (value === undefined) {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
    } else parent[last] = value;
    return copy;
  };
  switch (mutation.kind) {
    case 'plausible': {
      const options = plausible[String(path.at(-1))]!;
      return replaced(options[mutation.pick % options.length]!);
    }
    case 'drop':
      return replaced(undefined);
    case 'replace':
      return replaced(mutation.value);
    case 'wrapInArray':
      return replaced([current]);
    case 'stringify':
      return replaced(typeof current === 'string' ? current : JSON.stringify(current));
    case 'extraKey': {
      if (!current || typeof current !== 'object' || Array.isArray(current)) return replaced({ [mutation.key]: mutation.value });
      // defineProperty, so that "__proto__" becomes an own key on the wire, as JSON.parse sees it.
      const withKey = { ...current };
      Object.defineProperty(withKey, mutation.key, { value: mutation.value, enumerable: true, configurable: true, writable: true });
      return replaced(withKey);
    }
  }
}

function bodyText(base: Json, bodyCase: BodyCase): string {
  switch (bodyCase.kind) {
    case 'whole':
      return JSON.stringify(bodyCase.value);
    case 'text': {
      const text = JSON.stringify(base);
      return text.slice(0, 1 + (bodyCase.cut % (text.length - 1)));
    }
    case 'mutated':
      return JSON.stringify(bodyCase.mutations.reduce(mutate, base));
  }
}

interface Exchange {
  readonly route: string;
  readonly sent: string;
  readonly res: ApiResult;
}

/** No 5xx, and every 4xx in the error envelope; otherwise fails saying what was sent and answered. */
function checkResponse({ route, sent, res }: Exchange): void {
  const where = `${route} ${res.status} ${res.text.slice(0, 300)}\nsent: ${sent.slice(0, 300)}`;
  expect(res.status, where).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.body?.error, where).toBeDefined();
    expect(Object.keys(res.body), where).toEqual(['error']);
    expect(typeof res.body.error.code, where).toBe('string');
    expect(typeof res.body.error.message, where).toBe('string');
    expect(Array.isArray(res.body.error.details), where).toBe(true);
  }
}

const SEED = 20261128;
const post = (path: string, text: string, token: string) =>
  t.request('POST', path, { token, body: text, headers: { 'content-type': 'application/json' } });

describe('fuzzing the write routes', () => {
  let fuzzFacility: string;
  const created: string[] = [];
  const statuses = new Map<number, number>();
  const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);

  beforeAll(async () => {
    fuzzFacility = await createFacility(t, admin, 'blambangan', ['apoteker-genteng'], { name: 'Puskesmas Sobo' });
  });

  it('POST /v1/medicine-orders never answers 5xx, and 4xx always in the envelope', async () => {
    await fc.assert(
      fc.asyncProperty(bodyCaseArb, async (bodyCase) => {
        const sent = bodyText(orderBody(fuzzFacility, { prescriptionNo: uniquePrescriptionNo() }) as Json, bodyCase);
        const res = await post('/v1/medicine-orders', sent, pharmacist);
        count(res.status);
        checkResponse({ route: 'POST /v1/medicine-orders', sent, res });
        if (res.status === 201) created.push(res.body.orderId);
      }),
      { seed: SEED, numRuns: 150, endOnFailure: true },
    );
    // The fuzz is only worth something if it reached both the happy path and the refusals.
    expect(statuses.get(201) ?? 0).toBeGreaterThan(5);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(50);
    expect(statuses.get(422) ?? 0).toBeGreaterThan(0);
  });

  it('POST /v1/medicine-orders/{id}/status never answers 5xx, whatever the body or id', async () => {
    const order = await createOrder(t, pharmacist, orderBody(fuzzFacility));
    created.push(order.orderId);
    const idArb = fc.oneof(
      { weight: 4, arbitrary: fc.constant(order.orderId) },
      { weight: 1, arbitrary: fc.oneof(fc.string({ minLength: 1, maxLength: 80 }), fc.constantFrom('mo_01NOSUCHORDER', HUGE.slice(0, 300), '..', '%00', '💊')) },
    );
    await fc.assert(
      fc.asyncProperty(idArb, bodyCaseArb, async (id, bodyCase) => {
        const sent = bodyText({ status: 'PREPARING', reason: 'Obat racikan' }, bodyCase);
        const res = await post(`/v1/medicine-orders/${encodeURIComponent(id)}/status`, sent, pharmacist);
        count(res.status);
        // An id with a slash or an empty one matches no route: API Gateway's own 404.
        if (res.status === 404 && res.body?.message === 'Not Found') return;
        checkResponse({ route: `POST /v1/medicine-orders/${id}/status`, sent, res });
      }),
      { seed: SEED + 1, numRuns: 75, endOnFailure: true },
    );
  });

  it('POST /v1/facilities never answers 5xx, and registers exactly the facilities it reports created', async () => {
    const allFacilities = async (): Promise<string[]> => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res: ApiResult = await t.get(`/v1/facilities?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, admin);
        expect(res.status).toBe(200);
        ids.push(...res.body.items.map((f: { facilityId: string }) => f.facilityId));
        cursor = res.body.nextCursor;
      } while (cursor);
      return ids;
    };
    const before = await allFacilities();
    const facilities: string[] = [];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(bodyCaseArb, async (bodyCase) => {
        const base = facilityBody('genteng', ['apoteker-fuzz'], { name: `Puskesmas Fuzz ${++n}`, kind: 'PUSKESMAS' }) as unknown as Json;
        const sent = bodyText(base, bodyCase);
        const res = await post('/v1/facilities', sent, admin);
        checkResponse({ route: 'POST /v1/facilities', sent, res });
        if (res.status === 201) facilities.push(res.body.facilityId);
      }),
      { seed: SEED + 2, numRuns: 75, endOnFailure: true },
    );
    expect(facilities.length).toBeGreaterThan(0);
    expect(new Set(await allFacilities())).toEqual(new Set([...before, ...facilities]));
  });

  it('left exactly the orders the API reported created: no partial writes', async () => {
    const listed = (await listAllOrders(t, admin, fuzzFacility)).map((o) => o.orderId);
    expect(new Set(listed)).toEqual(new Set(created));
    expect(listed).toHaveLength(created.length);
    expect(await listAllOrders(t, admin, facilityId)).toEqual([]);
  });
});
