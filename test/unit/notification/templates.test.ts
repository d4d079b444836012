import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ORDER_NOTICE_EVENTS, type NoticeParticulars, type OrderKind } from '#kernel/order-notices';
import { noticeParticulars } from '#ordering/application/notice-particulars';
import type { FoodOrder } from '#ordering/domain/food-order';
import type { MedicineOrder } from '#ordering/domain/medicine-order';
import type { Ride } from '#ordering/domain/ride';
import { MissingTemplateValueError, NOTICES, render, TEMPLATES, type TemplateName } from '#notification/domain/templates';

/** A word no template holds, so that finding it in a text means a value carried it there. */
const marked = (tag: string) => fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 6, maxLength: 14 }).map((s) => `${tag}${s}`);

const medicineOrder = fc.record({
  itemNames: fc.array(marked('obat'), { minLength: 1, maxLength: 4 }),
  category: fc.constantFrom('REGULAR', 'COLD_CHAIN'),
  nik: fc.stringMatching(/^\d{16}$/),
  street: marked('jalan'),
  desa: marked('desa'),
  name: marked('pasien'),
  notes: marked('catatan'),
  withDriver: fc.boolean(),
});

type MedicineInput = typeof medicineOrder extends fc.Arbitrary<infer T> ? T : never;

function medicine(o: MedicineInput): MedicineOrder {
  return {
    orderId: 'mo_01JTESTORDER0000000000AB12',
    facilityId: 'fac_1',
    facilityName: 'RSUD Blambangan',
    status: 'COURIER_ASSIGNED',
    version: 3,
    payer: 'BPJS_PBI',
    prescriptionNo: 'RX-1',
    patient: { name: o.name, nik: o.nik, phone: '+6281234500001', address: { street: o.street, desa: o.desa, kecamatan: 'Banyuwangi' }, location: { lat: -8.2, lng: 114.37 } },
    items: o.itemNames.map((name) => ({ name, quantity: 1, unit: 'tablet', category: o.category })),
    notes: o.notes,
    deliveryCode: '042917',
    trackingToken: 'tok_abc',
    timeline: [],
    createdBy: 'apoteker-1',
    createdAt: '2026-11-28T10:00:00.000+07:00',
    updatedAt: '2026-11-28T10:00:00.000+07:00',
    ...(o.withDriver && { driver: { driverId: 'drv_1', firstName: 'Bagus', vehiclePlate: 'P 4821 UX', vehicleType: 'MOTORBIKE', assignedAt: '2026-11-28T10:05:00.000+07:00' } }),
  } as MedicineOrder;
}

const particularsOf = (orders: { medicine?: MedicineOrder; food?: FoodOrder; ride?: Ride }): NoticeParticulars =>
  noticeParticulars({
    medicine: { getMedicineOrder: async () => orders.medicine, getFacility: async () => undefined },
    food: { getFoodOrder: async () => orders.food },
    rides: { getRide: async () => orders.ride },
    merchants: { phoneOf: async () => '+6285236000001' },
    appUrl: () => 'https://gancang.example',
  });

/** Every text a kind's templates can render from the particulars (those whose values are all there). */
async function textsFor(kind: OrderKind, particulars: NoticeParticulars): Promise<string[]> {
  const particular = (await particulars.particularsFor({ orderKind: kind, orderId: 'x' }))!;
  return NOTICES[kind].flatMap((row) => {
    try {
      const rendered = render(row.template, particular.values);
      return [rendered.text, ...rendered.parameters, TEMPLATES[row.template].en];
    } catch (error) {
      if (error instanceof MissingTemplateValueError) return [];
      throw error;
    }
  });
}

describe('the templates', () => {
  it('never show a medicine, its category, the NIK, the address, the patient’s name or notes, whatever the order holds', async () => {
    await fc.assert(
      fc.asyncProperty(medicineOrder, async (o) => {
        const texts = (await textsFor('MEDICINE', particularsOf({ medicine: medicine(o) }))).join('\n');
        for (const secret of [...o.itemNames, o.category, o.nik, o.street, o.desa, o.name, o.notes]) expect(texts).not.toContain(secret);
        expect(texts).toContain('042917'); // the code does go: it is what the patient needs
      }),
      { numRuns: 100 },
    );
  });

  it('never show a dish or the address of a food order, nor a ride’s places', async () => {
    await fc.assert(
      fc.asyncProperty(marked('menu'), marked('jalan'), async (dish, street) => {
        const food = {
          orderId: 'fo_01JTESTORDER0000000000CD34',
          merchant: { merchantId: 'mer_1', name: 'Warung Mbok Nah' },
          items: [{ itemId: 'i1', name: dish, priceIdr: 1, quantity: 1, lineTotalIdr: 1 }],
          dropoff: { address: { street, desa: 'Lateng', kecamatan: 'Banyuwangi' } },
          recipient: { name: 'Ayu', phone: '+6281234500009' },
          driver: { driverId: 'd', firstName: 'Bagus', vehiclePlate: 'P 1 A', vehicleType: 'MOTORBIKE', assignedAt: '' },
        } as unknown as FoodOrder;
        const ride = {
          rideId: 'rd_01JTESTORDER0000000000EF56',
          pickup: { address: { street, desa: 'Taman Baru', kecamatan: 'Banyuwangi' } },
          dropoff: { address: { street: `${street}2`, desa: 'Ketapang', kecamatan: 'Kalipuro' } },
          passenger: { name: 'Budi', phone: '+6281234500079' },
          driver: { driverId: 'd', firstName: 'Hartono', vehiclePlate: 'P 1 TX', vehicleType: 'TAXI', companyName: 'Osing Taksi', assignedAt: '' },
        } as unknown as Ride;
        const texts = [...(await textsFor('FOOD', particularsOf({ food }))), ...(await textsFor('RIDE', particularsOf({ ride })))].join('\n');
        expect(texts).not.toContain(dish);
        expect(texts).not.toContain(street);
        expect(texts).toContain('Hartono (P 1 TX, Osing Taksi)');
      }),
      { numRuns: 50 },
    );
  });

  it('render their values into {{1}}, {{2}}… in order, one line each, and refuse a missing one', () => {
    const values = { orderRef: 'AB12CD', facilityName: 'RSUD\nBlambangan', trackingUrl: 'https://g.example/track/t', deliveryCode: '042917' };
    expect(render('gancang_medicine_registered', values)).toEqual({
      template: 'gancang_medicine_registered',
      language: 'id',
      parameters: ['RSUD Blambangan', 'https://g.example/track/t', '042917'],
      text: 'Gancang Aron: paket Anda dari RSUD Blambangan akan diantar. Lacak di https://g.example/track/t . Kode serah terima: 042917. Berikan kode ini hanya kepada pengemudi saat paket tiba.',
    });
    expect(() => render('gancang_medicine_driver_assigned', values)).toThrow(MissingTemplateValueError);
    expect(render('gancang_medicine_delivery_failed', values).parameters).toEqual(['RSUD Blambangan', 'RSUD Blambangan']);
    expect(render('gancang_medicine_delivery_failed', { ...values, facilityPhone: '+62333421234' }).text).toContain('hubungi apotek: +62333421234.');
    expect(render('gancang_ride_no_driver', values).parameters).toEqual([]);
  });

  it('hold as many placeholders as values, in Bahasa Indonesia and in English, and stay short enough for one or two SMS', () => {
    for (const [name, template] of Object.entries(TEMPLATES) as [TemplateName, (typeof TEMPLATES)[TemplateName]][]) {
      for (const text of [template.id, template.en]) {
        const placeholders = [...text.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1])).sort();
        expect(placeholders, name).toEqual(template.values.map((_, i) => i + 1));
      }
      expect(template.id.length, name).toBeLessThanOrEqual(200);
    }
  });

  it('cover every event ordering notifies, and only the delivery code is essential', () => {
    for (const kind of Object.keys(ORDER_NOTICE_EVENTS) as OrderKind[]) {
      expect(new Set(NOTICES[kind].map((row) => row.event))).toEqual(new Set(ORDER_NOTICE_EVENTS[kind]));
    }
    expect(Object.entries(TEMPLATES).filter(([, t]) => t.essential).map(([name]) => name)).toEqual(['gancang_medicine_registered']);
  });
});
