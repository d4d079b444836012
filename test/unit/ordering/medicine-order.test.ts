import { describe, expect, it } from 'vitest';
import {
  assertTransition,
  MEDICINE_ORDER_STATUSES,
  MEDICINE_ORDER_TRANSITIONS,
  registerMedicineOrderSchema,
  trackingView,
  type MedicineOrder,
  type MedicineOrderStatus,
} from '#ordering/domain/medicine-order';
import { toWibIso } from '#platform/time';
import { GENTENG, orderBody } from '../support/fixtures.ts';

describe('medicine order registration schema', () => {
  it('normalises the phone to E.164 and the kecamatan to its canonical name', () => {
    const parsed = registerMedicineOrderSchema.parse(orderBody());
    expect(parsed.patient.phone).toBe('+6281234500001');
    expect(parsed.patient.address.kecamatan).toBe('Banyuwangi');
  });

  it.each(['081234500001', '6281234500001', '+6281234500001', '0812 3450 0001'])('accepts the phone form %s', (phone) => {
    const body = orderBody();
    const parsed = registerMedicineOrderSchema.parse({ ...body, patient: { ...body.patient, phone } });
    expect(parsed.patient.phone).toBe('+6281234500001');
  });

  it.each([
    ['a NIK that is not 16 digits', { nik: '35100123' }, 'patient.nik'],
    ['a landline-looking phone', { phone: '0333-424242' }, 'patient.phone'],
    ['an unknown kecamatan', { address: { street: 'x', desa: 'y', kecamatan: 'Jember' } }, 'patient.address.kecamatan'],
  ])('rejects %s', (_, patientPatch, path) => {
    const body = orderBody();
    const result = registerMedicineOrderSchema.safeParse({ ...body, patient: { ...body.patient, ...patientPatch } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it.each([0, -1, 1.5])('rejects quantity %s', (quantity) => {
    const result = registerMedicineOrderSchema.safeParse(
      orderBody({ items: [{ name: 'Paracetamol', quantity, unit: 'tablet', category: 'REGULAR' }] }),
    );
    expect(result.success).toBe(false);
  });

  it('rejects unknown fields instead of silently dropping them', () => {
    expect(registerMedicineOrderSchema.safeParse(orderBody({ priority: 'HIGH' })).success).toBe(false);
  });

  it('rejects an order without items', () => {
    expect(registerMedicineOrderSchema.safeParse(orderBody({ items: [] })).success).toBe(false);
  });
});

describe('medicine order lifecycle', () => {
  it('lets the pharmacy move REGISTERED → PREPARING → READY_FOR_PICKUP', () => {
    expect(() => assertTransition('REGISTERED', 'PREPARING', 'pharmacy')).not.toThrow();
    expect(() => assertTransition('PREPARING', 'READY_FOR_PICKUP', 'pharmacy')).not.toThrow();
  });

  it('refuses skipping preparation, going back, or cancelling after pickup', () => {
    expect(() => assertTransition('REGISTERED', 'READY_FOR_PICKUP', 'pharmacy')).toThrow(/cannot move/);
    expect(() => assertTransition('READY_FOR_PICKUP', 'PREPARING', 'pharmacy')).toThrow(/cannot move/);
    expect(() => assertTransition('PICKED_UP', 'CANCELLED', 'pharmacy')).toThrow(/cannot move/);
  });

  it('keeps courier steps for dispatch, not the pharmacy', () => {
    expect(() => assertTransition('READY_FOR_PICKUP', 'COURIER_ASSIGNED', 'pharmacy')).toThrow();
    expect(() => assertTransition('READY_FOR_PICKUP', 'COURIER_ASSIGNED', 'dispatch')).not.toThrow();
  });

  it('has no way out of a terminal state', () => {
    for (const terminal of ['DELIVERED', 'RETURNED_TO_PHARMACY', 'CANCELLED'] as const) {
      for (const to of MEDICINE_ORDER_STATUSES) {
        expect(() => assertTransition(terminal, to, 'pharmacy')).toThrow();
        expect(() => assertTransition(terminal, to, 'dispatch')).toThrow();
      }
    }
  });

  it('allows cancelling exactly until the driver has the package: at once before dispatch, then only by dispatch’s answer', () => {
    const cancellable = (actor: string) => MEDICINE_ORDER_STATUSES.filter((s) => MEDICINE_ORDER_TRANSITIONS[s].CANCELLED === actor);
    expect(cancellable('pharmacy')).toEqual(['REGISTERED', 'PREPARING']);
    expect(cancellable('dispatch')).toEqual(['READY_FOR_PICKUP', 'COURIER_ASSIGNED']);
  });
});

describe('public tracking view', () => {
  const NOW = new Date('2026-11-28T10:30:00.000+07:00');
  const minutesAgo = (minutes: number) => toWibIso(new Date(NOW.getTime() - minutes * 60_000));
  const PICKED_UP_TIMELINE = (['REGISTERED', 'PREPARING', 'READY_FOR_PICKUP', 'COURIER_ASSIGNED', 'PICKED_UP'] as const).map((status, i) => ({
    status,
    at: minutesAgo(30 - i),
  }));
  const order = (status: MedicineOrderStatus, extra: Partial<MedicineOrder> = {}): MedicineOrder => ({
    orderId: 'mo_1',
    facilityId: GENTENG.facilityId,
    facilityName: 'RSUD Genteng',
    status,
    version: 6,
    payer: 'BPJS_PBI',
    prescriptionNo: 'RX-1',
    patient: {
      name: 'Siti Aminah',
      nik: '3510012345678901',
      phone: '+6281234500001',
      address: { street: 'Jl. Kepiting', rt: '002', rw: '001', desa: 'Lateng', kecamatan: 'Genteng' },
      location: { lat: -8.3511, lng: 114.1523 },
    },
    items: [{ name: 'Insulin', quantity: 1, unit: 'pen', category: 'COLD_CHAIN' }],
    notes: 'Pintu samping',
    deliveryCode: '123456',
    trackingToken: 'tok',
    timeline: PICKED_UP_TIMELINE,
    createdBy: 'apoteker',
    createdAt: minutesAgo(30),
    updatedAt: minutesAgo(26),
    driverFirstName: 'Bagus',
    driver: { driverId: 'drv_bagus', firstName: 'Bagus', vehiclePlate: 'P 4821 UX', vehicleType: 'MOTORBIKE', assignedAt: minutesAgo(27) },
    ...extra,
  });
  const position = (reportedMinutesAgo: number) => ({ location: { lat: -8.3402, lng: 114.1601 }, at: minutesAgo(reportedMinutesAgo) });

  it('shows the facility and its point, the destination as its kecamatan centre, the driver’s first name and vehicle, and nothing personal or medical', () => {
    const view = trackingView({ order: order('PICKED_UP', { deliveredTo: 'Pak Slamet' }), facility: GENTENG, driverPosition: position(1) }, NOW);
    expect(view).toMatchObject({
      status: 'PICKED_UP',
      facilityName: 'RSUD Genteng',
      driverFirstName: 'Bagus',
      facility: { name: 'RSUD Genteng', location: GENTENG.location },
      destination: { kecamatan: 'Genteng', center: { lat: -8.347734, lng: 114.148433 } },
      driverPosition: { lat: -8.3402, lng: 114.1601, at: minutesAgo(1) },
    });
    expect(view.driver).toEqual({ firstName: 'Bagus', vehiclePlate: 'P 4821 UX', vehicleType: 'MOTORBIKE' });
    const text = JSON.stringify(view);
    for (const secret of ['Siti', '3510012345678901', '+6281234500001', 'Kepiting', 'Lateng', '-8.3511', '114.1523', 'Insulin', 'COLD_CHAIN', 'Pintu', '123456', 'RX-1', 'drv_bagus', 'Slamet', 'BPJS']) {
      expect(text, secret).not.toContain(secret);
    }
  });

  it('shows no driver before one is assigned', () => {
    const view = trackingView({ order: order('PREPARING', { driverFirstName: undefined, driver: undefined, timeline: PICKED_UP_TIMELINE.slice(0, 2) }), facility: GENTENG }, NOW);
    expect(view).toMatchObject({ status: 'PREPARING', driverFirstName: null, driver: null, driverPosition: null });
    expect(view.timeline).toHaveLength(2);
  });

  it.each(MEDICINE_ORDER_STATUSES.filter((status) => status !== 'PICKED_UP'))('shows no driver position while %s, even if one is at hand', (status) => {
    expect(trackingView({ order: order(status), facility: GENTENG, driverPosition: position(1) }, NOW).driverPosition).toBeNull();
  });

  it('leaves out a position reported more than 10 minutes ago: the package has moved on since', () => {
    expect(trackingView({ order: order('PICKED_UP'), facility: GENTENG, driverPosition: position(10) }, NOW).driverPosition).not.toBeNull();
    expect(trackingView({ order: order('PICKED_UP'), facility: GENTENG, driverPosition: position(11) }, NOW).driverPosition).toBeNull();
  });
});
