/**
 * Demo data for `npm start`: the regency's real hospitals and puskesmas (shared/reference), one
 * pharmacy account per facility, and a few prescriptions at RSUD Blambangan in different states.
 * Loaded only into an empty store. Runs inside the local runtime, after it has set the
 * environment (table names, endpoints) that the ordering adapters read.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import reference from '../../shared/reference/banyuwangi.json' with { type: 'json' };
import { documentClient } from '../../shared/platform/clients.ts';
import { tableName } from '../../shared/platform/env.ts';
import type { Caller } from '../../shared/platform/http/caller.ts';
import { toWibIso } from '../../shared/platform/time.ts';
import { registerFacilitySchema, type Facility } from '../../shared/ordering/domain/facility.ts';
import { registerMedicineOrderSchema } from '../../shared/ordering/domain/medicine-order.ts';
import { changeMedicineOrderStatus, registerMedicineOrder } from '../../shared/ordering/application/medicine-order-use-cases.ts';
import { orderingPorts } from '../../shared/ordering/adapters/ordering-adapters.ts';
import { registerDriverSchema } from '../../shared/dispatch/domain/driver.ts';
import { registerDriver, reportLocation, setOwnAvailability } from '../../shared/dispatch/application/driver-use-cases.ts';
import { driverPorts } from '../../shared/dispatch/adapters/driver-store.ts';
import { seedTaxiDemoData } from './seed-taxi.ts';
import { seedFestivalDemoData } from './seed-festival.ts';

export const DEMO_ADMIN_SUB = 'admin-pemkab';

const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/^puskesmas /, 'pkm ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Demo facility ids are readable (fac_rsud-blambangan) so the README's examples work as written. */
export const demoFacilityId = (name: string): string => `fac_${slug(name)}`;
export const demoPharmacySub = (name: string): string => `apoteker-${slug(name)}`;

/**
 * Go-Jek drivers near the two RSUD, and a courier at the Giri food stalls. While `npm start`
 * runs, the demo fleet (demo-fleet.ts) keeps them reporting their positions; Eko, whom no
 * walk-through uses, also takes and delivers the offers he gets, so the festival's orders are
 * delivered without tying up the drivers the walk-throughs act as.
 */
export const DEMO_DRIVERS = [
  { sub: 'driver-bagus', name: 'Bagus Prasetyo', phone: '081299900001', plate: 'P 4821 AB', type: 'MOTORBIKE', trained: true, at: { lat: -8.2151, lng: 114.3641 }, works: false },
  { sub: 'driver-wulan', name: 'Wulan Sari', phone: '081299900002', plate: 'P 3310 QK', type: 'MOTORBIKE', trained: true, at: { lat: -8.3609, lng: 114.1702 }, works: false },
  { sub: 'driver-agus', name: 'Agus Hidayat', phone: '081299900003', plate: 'P 1207 ZA', type: 'CAR', trained: false, at: { lat: -8.2237, lng: 114.3589 }, works: false },
  { sub: 'driver-eko', name: 'Eko Santoso', phone: '081299900004', plate: 'P 6034 GR', type: 'MOTORBIKE', trained: false, at: { lat: -8.1905, lng: 114.3335 }, works: true },
] as const;

export async function isStoreEmpty(): Promise<boolean> {
  const { Items } = await documentClient.send(new ScanCommand({ TableName: tableName('ordering'), Limit: 1 }));
  return (Items ?? []).length === 0;
}

export interface SeededDemo {
  /** What to print: the subjects to act as and the demo orders. */
  readonly lines: string[];
  /** The demo medicine orders' tracking tokens, oldest first (for the tracking page's URL). */
  readonly trackingTokens: string[];
}

export async function seedDemoData(): Promise<SeededDemo> {
  const ports = orderingPorts();
  const createdAt = toWibIso(new Date());
  const facilities: Facility[] = reference.healthFacilities.map((f) => ({
    facilityId: demoFacilityId(f.name),
    ...registerFacilitySchema.parse({
      name: f.name,
      kind: f.kind,
      kecamatan: f.kecamatan,
      location: { lat: f.lat, lng: f.lng },
      staff: [demoPharmacySub(f.name)],
    }),
    createdAt,
  }));
  for (const facility of facilities) await ports.store.createFacility(facility);

  const admin: Caller = { sub: DEMO_ADMIN_SUB, roles: new Set(['admin']) };
  for (const d of DEMO_DRIVERS) {
    await registerDriver(
      driverPorts(),
      admin,
      registerDriverSchema.parse({ sub: d.sub, name: d.name, phone: d.phone, vehicle: { type: d.type, plate: d.plate }, fleet: { kind: 'GOJEK' }, medicineTrained: d.trained }),
    );
    const self: Caller = { sub: d.sub, roles: new Set(['driver']) };
    await reportLocation(driverPorts(), self, d.at);
    await setOwnAvailability(driverPorts(), self, true);
  }

  const blambangan = facilities.find((f) => f.name === 'RSUD Blambangan');
  if (!blambangan) throw new Error('RSUD Blambangan missing from the reference data');
  const pharmacist: Caller = { sub: demoPharmacySub(blambangan.name), roles: new Set(['pharmacy']) };

  const patients = [
    { name: 'Siti Aminah', phone: '081234500001', street: 'Jl. Kepiting No. 12', desa: 'Lateng', kecamatan: 'Banyuwangi', location: { lat: -8.2045, lng: 114.3712 } },
    { name: 'Slamet Riyadi', phone: '081234500002', street: 'Jl. Raya Rogojampi No. 40', desa: 'Lemahbang Dewo', kecamatan: 'Rogojampi', location: { lat: -8.3093, lng: 114.2871 } },
    { name: 'Made Wirawan', phone: '081234500003', street: 'Jl. Ketapang No. 7', desa: 'Ketapang', kecamatan: 'Kalipuro', location: { lat: -8.1402, lng: 114.3951 } },
  ];
  const orderLines: string[] = [];
  const trackingTokens: string[] = [];
  for (const [index, patient] of patients.entries()) {
    const order = await registerMedicineOrder(
      ports,
      pharmacist,
      registerMedicineOrderSchema.parse({
        facilityId: blambangan.facilityId,
        patient: {
          name: patient.name,
          phone: patient.phone,
          address: { street: patient.street, rt: '002', rw: '001', desa: patient.desa, kecamatan: patient.kecamatan },
          location: patient.location,
        },
        prescriptionNo: `RX-DEMO-${index + 1}`,
        payer: index === 1 ? 'GENERAL' : 'BPJS_PBI',
        items: [
          { name: 'Amlodipine 10 mg', quantity: 30, unit: 'tablet', category: 'REGULAR' },
          ...(index === 2 ? [{ name: 'Insulin glargine 100 IU/ml', quantity: 1, unit: 'pen', category: 'COLD_CHAIN' }] : []),
        ],
      }),
    );
    // None is READY_FOR_PICKUP: dispatch would offer it to Bagus at once, and the walk-through
    // that marks an order ready would find him busy, then (once the offer expired) excluded.
    let status = order.status;
    if (index >= 1) status = (await changeMedicineOrderStatus(ports, pharmacist, order.orderId, { status: 'PREPARING' })).status;
    orderLines.push(`    ${order.orderId}  ${status.padEnd(17)} track: /v1/track/${order.trackingToken}`);
    trackingTokens.push(order.trackingToken);
  }

  // ---- festival demo data: call it here ----
  const festivalLines = await seedFestivalDemoData(DEMO_ADMIN_SUB);
  // ---- taxi demo data: call it here ----
  const taxiLines = await seedTaxiDemoData(admin);

  const lines = [
    `Demo data: ${facilities.length} facilities (RSUD and puskesmas of Banyuwangi), ${DEMO_DRIVERS.length} drivers, 3 medicine orders at RSUD Blambangan.`,
    `  admin subject:      ${DEMO_ADMIN_SUB}`,
    `  pharmacy subject:   ${pharmacist.sub}  (acts for ${blambangan.facilityId})`,
    `  other facilities:   fac_<name>, staff apoteker-<name>, e.g. fac_rsud-genteng / apoteker-rsud-genteng`,
    `  drivers:            driver-bagus (near RSUD Blambangan), driver-wulan (Genteng), driver-agus (car, not medicine-trained),`,
    `                      driver-eko (courier at the Giri food stalls: takes and delivers his offers by himself)`,
    `  orders (mark one READY_FOR_PICKUP to hand it to dispatch):`,
    ...orderLines,
    ...festivalLines,
    ...taxiLines,
  ];
  return { lines, trackingTokens };
}
