/**
 * Festival demo data for `npm start`: a Pesta Kuliner Go-Food running now (it opened an hour
 * ago and lasts three days, so the README's calls work on a fresh store), ten Banyuwangi UMKM
 * across several kecamatan with their menus, two promotions, and two orders. Called from
 * seed.ts; goes through the same use cases as the API.
 */
import reference from '../../shared/reference/banyuwangi.json' with { type: 'json' };
import type { Caller } from '../../shared/platform/http/caller.ts';
import { createFestivalSchema, createPromotionSchema } from '../../shared/promotion/domain/festival.ts';
import { putMenuSchema, registerMerchantSchema } from '../../shared/promotion/domain/merchant.ts';
import { promotionPorts } from '../../shared/promotion/adapters/promotion-adapters.ts';
import {
  createFestival,
  createPromotion,
  enrolMerchant,
  putMenu,
  registerMerchant,
  reviewMerchant,
} from '../../shared/promotion/application/promotion-use-cases.ts';
import { placeFoodOrderSchema } from '../../shared/ordering/domain/food-order.ts';
import { changeFoodOrderStatus, placeFoodOrder } from '../../shared/ordering/application/food-order-use-cases.ts';
import { foodOrderPorts } from '../../shared/wiring/festival-wiring.ts';

export const DEMO_MERCHANT_SUB = 'umkm-mbok-nah';
export const DEMO_CITIZEN_SUB = 'warga-ayu';

type Halal = 'CERTIFIED' | 'SELF_DECLARED' | 'NONE';

interface DemoMerchant {
  readonly name: string;
  readonly owner: string;
  readonly kecamatan: string;
  readonly desa: string;
  readonly street: string;
  /** Offset from the kecamatan's centre, in degrees: merchants sit near, not on, the centroid. */
  readonly nudge: readonly [number, number];
  readonly halal: Halal;
  readonly featured: boolean;
  readonly menu: readonly (readonly [string, number, boolean?])[];
}

const MERCHANTS: readonly DemoMerchant[] = [
  { name: 'Sego Tempong Mbok Nah', owner: 'Siti Nahariyah', kecamatan: 'Giri', desa: 'Giri', street: 'Jl. Gajah Mada No. 25', nudge: [0.002, -0.001], halal: 'CERTIFIED', featured: true,
    menu: [['Sego tempong ayam goreng', 22_000], ['Sego tempong iwak pindang', 18_000], ['Sego tempong empal', 25_000], ['Es teh gula asem', 5_000]] },
  { name: 'Rujak Soto Bu Sum', owner: 'Sumarni', kecamatan: 'Rogojampi', desa: 'Rogojampi', street: 'Jl. Raya Rogojampi No. 112', nudge: [0.001, 0.002], halal: 'SELF_DECLARED', featured: true,
    menu: [['Rujak soto babat', 20_000], ['Rujak soto daging', 23_000], ['Rujak cingur', 17_000], ['Es dawet', 6_000]] },
  { name: 'Pecel Rawon Mbah Jum', owner: 'Juminten', kecamatan: 'Genteng', desa: 'Kembiritan', street: 'Jl. Diponegoro No. 8', nudge: [-0.002, 0.001], halal: 'CERTIFIED', featured: true,
    menu: [['Pecel rawon', 21_000], ['Pecel pitik', 24_000], ['Rawon daging', 25_000], ['Teh hangat', 4_000]] },
  { name: 'Nasi Cawuk Bu Atik', owner: 'Atik Suryani', kecamatan: 'Banyuwangi', desa: 'Temenggungan', street: 'Jl. Satsui Tubun No. 3', nudge: [0.001, 0.001], halal: 'SELF_DECLARED', featured: false,
    menu: [['Nasi cawuk', 12_000], ['Nasi cawuk telur pindang', 15_000], ['Pindang koyong', 18_000]] },
  { name: 'Pecel Pitik Kemiren', owner: 'Mulyati', kecamatan: 'Glagah', desa: 'Kemiren', street: 'Jl. Barong Kemiren No. 14', nudge: [0.003, -0.002], halal: 'SELF_DECLARED', featured: false,
    menu: [['Pecel pitik (satu ekor, 4 orang)', 95_000], ['Pecel pitik porsi', 27_000], ['Kopi Jaran Goyang', 8_000], ['Kucur', 3_000]] },
  { name: 'Bagiak & Sale Pisang Muncar', owner: 'Rahmawati', kecamatan: 'Muncar', desa: 'Kedungrejo', street: 'Jl. Sampangan No. 41', nudge: [-0.001, 0.002], halal: 'CERTIFIED', featured: false,
    menu: [['Kue bagiak (1 pak)', 15_000], ['Sale pisang (250 g)', 20_000], ['Petis ikan Muncar', 18_000, false]] },
  { name: 'Ayam Pedesan Bu Yati', owner: 'Suryati', kecamatan: 'Srono', desa: 'Sukomaju', street: 'Jl. Raya Srono No. 77', nudge: [0.001, -0.002], halal: 'CERTIFIED', featured: false,
    menu: [['Ayam pedesan', 28_000], ['Sego pedesan bebek', 32_000], ['Es kelapa muda', 8_000]] },
  { name: 'Sate Kalak Kalipuro', owner: 'Made Sudarsana', kecamatan: 'Kalipuro', desa: 'Ketapang', street: 'Jl. Gatot Subroto No. 18', nudge: [-0.002, -0.001], halal: 'NONE', featured: false,
    menu: [['Sate kalak (10 tusuk)', 30_000], ['Lawar', 20_000], ['Es daluman', 7_000]] },
  { name: 'Botok Tawon Bu Lilik', owner: 'Lilik Sugiarti', kecamatan: 'Cluring', desa: 'Benculuk', street: 'Jl. Raya Benculuk No. 5', nudge: [0.002, 0.002], halal: 'SELF_DECLARED', featured: false,
    menu: [['Botok tawon', 15_000], ['Uyah asem pitik', 25_000], ['Nasi putih', 4_000]] },
  { name: 'Kopi & Klemben Licin', owner: 'Hasan Basri', kecamatan: 'Licin', desa: 'Licin', street: 'Jl. Ijen No. 2', nudge: [0.001, 0.001], halal: 'CERTIFIED', featured: false,
    menu: [['Kopi Ijen robusta', 10_000], ['Klemben', 12_000], ['Serabi Licin', 8_000]] },
];

function location(kecamatan: string, nudge: readonly [number, number]) {
  const centre = reference.kecamatan.find((k) => k.name === kecamatan);
  if (!centre) throw new Error(`Unknown kecamatan ${kecamatan} in the festival demo data`);
  return { lat: Math.round((centre.lat + nudge[0]) * 1e6) / 1e6, lng: Math.round((centre.lng + nudge[1]) * 1e6) / 1e6 };
}

export async function seedFestivalDemoData(adminSub: string): Promise<string[]> {
  const ports = promotionPorts();
  const admin: Caller = { sub: adminSub, roles: new Set(['admin']) };
  const now = Date.now();
  const festival = await createFestival(
    ports,
    admin,
    createFestivalSchema.parse({
      name: 'Pesta Kuliner Go-Food Banyuwangi',
      description: 'Tiga hari kuliner UMKM Banyuwangi, diantar Go-Food. Promo didanai Pemkab Banyuwangi dan Go-Food.',
      startsAt: new Date(now - 3_600_000).toISOString(),
      endsAt: new Date(now + 3 * 86_400_000).toISOString(),
    }),
  );

  const merchantIds: string[] = [];
  for (const [index, m] of MERCHANTS.entries()) {
    // The first merchant belongs to the demo merchant account; the others to their own accounts.
    const owner: Caller = { sub: index === 0 ? DEMO_MERCHANT_SUB : `umkm-${index + 1}`, roles: new Set(['merchant']) };
    const merchant = await registerMerchant(
      ports,
      owner,
      registerMerchantSchema.parse({
        name: m.name,
        ...(m.halal === 'CERTIFIED' ? { nib: `91203${String(1_000_000 + index * 7919).padStart(8, '0')}` } : {}),
        ownerName: m.owner,
        phone: `08523600${String(index + 1).padStart(4, '0')}`,
        kecamatan: m.kecamatan,
        address: { street: m.street, desa: m.desa, kecamatan: m.kecamatan },
        location: location(m.kecamatan, m.nudge),
        halal: m.halal === 'CERTIFIED' ? { status: 'CERTIFIED', certificateNo: `ID351100000${String(4_512_300 + index)}` } : { status: m.halal },
      }),
    );
    await putMenu(ports, owner, merchant.merchantId, putMenuSchema.parse({ items: m.menu.map(([name, priceIdr, available]) => ({ name, priceIdr, available: available ?? true })) }));
    await reviewMerchant(ports, admin, merchant.merchantId, { status: 'APPROVED' });
    await enrolMerchant(ports, admin, festival.festivalId, { merchantId: merchant.merchantId, featured: m.featured });
    merchantIds.push(merchant.merchantId);
  }
  // One more merchant still waiting for the admin's review.
  const pending = await registerMerchant(
    ports,
    { sub: 'umkm-baru', roles: new Set(['merchant']) },
    registerMerchantSchema.parse({
      name: 'Jenang Sumsum Bu Ning', ownerName: 'Ningsih', phone: '085236009999', kecamatan: 'Kabat',
      address: { street: 'Jl. Raya Kabat No. 9', desa: 'Kabat', kecamatan: 'Kabat' }, location: location('Kabat', [0.001, 0.001]),
      halal: { status: 'SELF_DECLARED' },
    }),
  );

  const promo = (body: Record<string, unknown>) => createPromotion(ports, admin, festival.festivalId, createPromotionSchema.parse(body));
  await promo({ code: 'KULINER20', kind: 'PERCENT', value: 20, maxDiscountIdr: 15_000, minSubtotalIdr: 25_000, quota: 500, perCustomerLimit: 2, budgetIdr: 5_000_000, fundedBy: 'Pemkab Banyuwangi' });
  await promo({ code: 'TEMPONG5K', kind: 'FLAT', value: 5_000, quota: 100, perCustomerLimit: 1, merchantIds: [merchantIds[0]], fundedBy: 'Go-Food' });

  // Two orders from a citizen: one waiting for the merchant, one the merchant has accepted.
  const citizen: Caller = { sub: DEMO_CITIZEN_SUB, roles: new Set(['citizen']) };
  const menu = await ports.store.getMenu(merchantIds[0]!);
  const firstItem = menu?.items[0]?.itemId ?? '';
  const orderBody = (promoCode?: string) =>
    placeFoodOrderSchema.parse({
      festivalId: festival.festivalId,
      merchantId: merchantIds[0],
      items: [{ itemId: firstItem, quantity: 2 }],
      ...(promoCode ? { promoCode } : {}),
      dropoff: { location: { lat: -8.2045, lng: 114.3712 }, address: { street: 'Jl. Kepiting No. 12', rt: '002', rw: '001', desa: 'Lateng', kecamatan: 'Banyuwangi' } },
      recipient: { name: 'Ayu Lestari', phone: '081234500009' },
    });
  const waiting = await placeFoodOrder(foodOrderPorts(), citizen, orderBody('KULINER20'));
  const accepted = await placeFoodOrder(foodOrderPorts(), citizen, orderBody());
  await changeFoodOrderStatus(foodOrderPorts(), { sub: DEMO_MERCHANT_SUB, roles: new Set(['merchant']) }, accepted.orderId, { status: 'ACCEPTED', prepMinutes: 20 });

  return [
    `Festival: ${festival.festivalId} "${festival.name}", ${MERCHANTS.length} merchants, promotions KULINER20 and TEMPONG5K.`,
    `  merchant subject:   ${DEMO_MERCHANT_SUB}  (runs ${merchantIds[0]}, Sego Tempong Mbok Nah); umkm-baru waits for review (${pending.merchantId})`,
    `  citizen subject:    ${DEMO_CITIZEN_SUB}  food orders ${waiting.orderId} (PLACED, with KULINER20), ${accepted.orderId} (ACCEPTED)`,
  ];
}
