/**
 * The one free-text schema of the requests: text that people type (any script, emoji included) is
 * accepted; what is not text (control characters, lone surrogates, noncharacters) is a 400 that
 * names the field, in every request schema that takes free text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInput } from '#platform/http/request';
import { ValidationError } from '#platform/errors';
import { addressSchema, boundedText, nameSchema } from '#platform/schemas';
import { registerMedicineOrderSchema } from '#ordering/domain/medicine-order';
import { cancelRideSchema } from '#ordering/domain/ride';
import { createFestivalSchema } from '#promotion/domain/festival';
import { putMenuSchema, registerMerchantSchema } from '#promotion/domain/merchant';

const SEED = 20261129;

/** Characters that are not text, one arbitrary per kind. */
const notText = fc.oneof(
  fc.integer({ min: 0x00, max: 0x1f }).map((c) => String.fromCharCode(c)), // C0 controls, NUL and TAB included
  fc.integer({ min: 0x7f, max: 0x9f }).map((c) => String.fromCharCode(c)), // DEL and the C1 controls
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), // a surrogate on its own
  fc.integer({ min: 0xfdd0, max: 0xfdef }).map((c) => String.fromCodePoint(c)), // noncharacters
  fc.integer({ min: 0, max: 16 }).chain((plane) => fc.constantFrom(plane * 0x10000 + 0xfffe, plane * 0x10000 + 0xffff)).map((c) => String.fromCodePoint(c)),
);

/** Text as people type it: words of Latin (with marks), Arabic, Javanese script, digits, punctuation and emoji. */
const word = fc.oneof(
  fc.constantFrom('Siti', 'Aminah', 'Jl.', 'Kepiting', 'No.', '12', 'Kelurahan', 'Ṡïṫï', 'Ngurah', "Ma'ruf", 'Sego', 'tempong', '(pedas)', '–', '&'),
  fc.constantFrom('سيتي', 'ꦧꦚꦸꦮꦔꦶ', '💊', '🍛', '🇮🇩', '👨‍👩‍👧', '👍🏽', 'é', 'ñ', '·'),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }).filter((w) => w.trim().length > 0),
);
const typed = fc.array(word, { minLength: 1, maxLength: 8 }).map((words) => words.join(' '));

const schema = boundedText(120);

describe('free text', () => {
  it('accepts text of any script, with emoji, and trims it', () => {
    fc.assert(
      fc.property(typed, (value) => {
        expect(schema.parse(`  ${value} `)).toBe(value.trim());
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('refuses text holding a control character, a lone surrogate or a noncharacter, wherever it sits, naming it', () => {
    fc.assert(
      // Between words: at either end, trimming would take a tab or a line break away first.
      fc.property(typed, notText, typed, (before, bad, after) => {
        const sent = `${before}${bad}${after}`.slice(0, 120);
        fc.pre(sent.includes(bad));
        const result = schema.safeParse(sent);
        expect(result.success).toBe(false);
        expect(result.error!.issues[0]!.message).toMatch(/^must be text: U\+[0-9A-F]{4,6} is not allowed/);
      }),
      { seed: SEED + 1, numRuns: 500 },
    );
  });

  it.each([
    ['NUL', 'Siti\u0000Aminah', 'U+0000'],
    ['U+FFFF', 'Siti\uFFFF', 'U+FFFF'],
    ['U+FFFE', '\uFFFESiti', 'U+FFFE'],
    ['a lone high surrogate', 'Siti \uD83D', 'U+D83D'],
    ['a lone low surrogate', '\uDE00 Siti', 'U+DE00'],
    ['a tab', 'Siti\tAminah', 'U+0009'],
    ['a line break in a name', 'Siti\nAminah', 'U+000A'],
    ['U+10FFFF', 'Siti \u{10FFFF}', 'U+10FFFF'],
  ])('refuses %s', (_, value, named) => {
    expect(nameSchema.safeParse(value).error?.issues[0]?.message).toContain(named);
  });

  it('keeps line breaks in multi-line text (notes, descriptions), and refuses the other controls there', () => {
    const notes = boundedText(300, { multiline: true });
    expect(notes.parse('Rumah cat hijau.\r\nTitip ke tetangga 🙏')).toBe('Rumah cat hijau.\r\nTitip ke tetangga 🙏');
    expect(notes.safeParse('Rumah\u0000').success).toBe(false);
    expect(notes.safeParse('Rumah\tcat').success).toBe(false);
    expect(notes.safeParse('Rumah\uFFFF').success).toBe(false);
  });
});

describe('every free-text field of the request schemas', () => {
  const medicineOrder = {
    facilityId: 'fac_1',
    patient: {
      name: 'Siti Aminah',
      nik: '3510012345678901',
      phone: '081234500001',
      address: { street: 'Jl. Kepiting No. 12', desa: 'Lateng', kecamatan: 'Banyuwangi' },
      location: { lat: -8.2045, lng: 114.3712 },
    },
    prescriptionNo: 'RX-1',
    payer: 'BPJS_PBI',
    items: [{ name: 'Amlodipine 10 mg', quantity: 30, unit: 'tablet', category: 'REGULAR' }],
    notes: 'Rumah cat hijau',
  };
  const merchant = {
    name: 'Sego Tempong Mbok Nah',
    ownerName: 'Nah',
    phone: '085236000001',
    kecamatan: 'Giri',
    address: { street: 'Jl. Raya 1', desa: 'Giri', kecamatan: 'Giri' },
    location: { lat: -8.19, lng: 114.33 },
    halal: { status: 'SELF_DECLARED' },
    description: 'Sejak 1987',
  };
  const cases: [string, { safeParse(v: unknown): unknown }, unknown, (bad: string) => unknown, string][] = [
    ['a patient name', registerMedicineOrderSchema, medicineOrder, (bad) => ({ ...medicineOrder, patient: { ...medicineOrder.patient, name: `Siti${bad}` } }), 'patient.name'],
    ['a street', registerMedicineOrderSchema, medicineOrder, (bad) => ({ ...medicineOrder, patient: { ...medicineOrder.patient, address: { ...medicineOrder.patient.address, street: `Jl.${bad}` } } }), 'patient.address.street'],
    ['a desa', addressSchema, medicineOrder.patient.address, (bad) => ({ ...medicineOrder.patient.address, desa: `Lateng${bad}` }), 'desa'],
    ['an item name', registerMedicineOrderSchema, medicineOrder, (bad) => ({ ...medicineOrder, items: [{ ...medicineOrder.items[0], name: `Amlo${bad}` }] }), 'items.0.name'],
    ['notes', registerMedicineOrderSchema, medicineOrder, (bad) => ({ ...medicineOrder, notes: `Rumah${bad}` }), 'notes'],
    ['a cancel reason', cancelRideSchema, { reason: 'batal' }, (bad) => ({ reason: `batal${bad}` }), 'reason'],
    ['a merchant name', registerMerchantSchema, merchant, (bad) => ({ ...merchant, name: `Sego${bad}` }), 'name'],
    ['a merchant description', registerMerchantSchema, merchant, (bad) => ({ ...merchant, description: `Sejak${bad}` }), 'description'],
    ['a menu item name', putMenuSchema, { items: [{ name: 'Es teh', priceIdr: 5000, available: true }] }, (bad) => ({ items: [{ name: `Es${bad}`, priceIdr: 5000, available: true }] }), 'items.0.name'],
    [
      'a festival name',
      createFestivalSchema,
      { name: 'Pesta Kuliner', startsAt: '2026-12-18T10:00:00+07:00', endsAt: '2026-12-20T22:00:00+07:00' },
      (bad) => ({ name: `Pesta${bad}`, startsAt: '2026-12-18T10:00:00+07:00', endsAt: '2026-12-20T22:00:00+07:00' }),
      'name',
    ],
  ];

  it.each(cases)('%s: emoji accepted, U+FFFF and NUL refused with 400 naming the field', (_, schema, valid, withText, path) => {
    expect(parseInput(schema as never, valid, 'body')).toBeDefined();
    expect(parseInput(schema as never, withText(' 🙏'), 'body')).toBeDefined();
    for (const bad of ['\uFFFF', '\u0000', '\uD800']) {
      try {
        parseInput(schema as never, withText(bad), 'body');
        expect.unreachable(`accepted ${JSON.stringify(bad)}`);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).status).toBe(400);
        expect((error as ValidationError).details.map((d) => d.path)).toEqual([path]);
      }
    }
  });
});
