import { describe, expect, it } from 'vitest';
import {
  assertTransition,
  MEDICINE_ORDER_STATUSES,
  MEDICINE_ORDER_TRANSITIONS,
  registerMedicineOrderSchema,
  trackingView,
  type MedicineOrder,
} from '#ordering/domain/medicine-order';
import { orderBody } from '../support/fixtures.ts';

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
  it('shows status, times and facility, and nothing personal or medical', () => {
    const order = {
      orderId: 'mo_1',
      facilityId: 'fac_1',
      facilityName: 'RSUD Genteng',
      status: 'PREPARING',
      version: 2,
      payer: 'BPJS_PBI',
      prescriptionNo: 'RX-1',
      patient: {
        name: 'Siti Aminah',
        nik: '3510012345678901',
        phone: '+6281234500001',
        address: { street: 'Jl. Kepiting', desa: 'Lateng', kecamatan: 'Banyuwangi' },
        location: { lat: -8.2, lng: 114.37 },
      },
      items: [{ name: 'Insulin', quantity: 1, unit: 'pen', category: 'COLD_CHAIN' }],
      deliveryCode: '123456',
      trackingToken: 'tok',
      timeline: [{ status: 'REGISTERED', at: 't1' }, { status: 'PREPARING', at: 't2' }],
      createdBy: 'apoteker',
      createdAt: 't1',
      updatedAt: 't2',
    } satisfies MedicineOrder;
    const view = trackingView(order);
    const text = JSON.stringify(view);
    for (const secret of ['Siti', '3510012345678901', '+6281234500001', 'Kepiting', 'Insulin', '123456', 'RX-1']) {
      expect(text).not.toContain(secret);
    }
    expect(view).toMatchObject({ status: 'PREPARING', facilityName: 'RSUD Genteng', driverFirstName: null });
    expect(view.timeline).toHaveLength(2);
  });
});
