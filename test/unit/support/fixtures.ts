import type { Facility } from '#ordering/domain/facility';

export const BLAMBANGAN: Facility = {
  facilityId: 'fac_blambangan',
  name: 'RSUD Blambangan',
  kind: 'HOSPITAL',
  kecamatan: 'Banyuwangi',
  location: { lat: -8.208396, lng: 114.366168 },
  staff: ['apoteker-1'],
  createdAt: '2026-11-28T10:00:00.000+07:00',
};

export const GENTENG: Facility = {
  facilityId: 'fac_genteng',
  name: 'RSUD Genteng',
  kind: 'HOSPITAL',
  kecamatan: 'Genteng',
  location: { lat: -8.365603, lng: 114.163863 },
  staff: ['apoteker-2'],
  createdAt: '2026-11-28T10:00:00.000+07:00',
};

/** A valid registration body for RSUD Blambangan; override parts per test. */
export function orderBody(overrides: Record<string, unknown> = {}) {
  return {
    facilityId: BLAMBANGAN.facilityId,
    patient: {
      name: 'Siti Aminah',
      nik: '3510012345678901',
      phone: '0812-3450-0001',
      address: { street: 'Jl. Kepiting No. 12', rt: '002', rw: '001', desa: 'Lateng', kecamatan: 'banyuwangi' },
      location: { lat: -8.2045, lng: 114.3712 },
    },
    prescriptionNo: 'RX-2026/0001',
    payer: 'BPJS_PBI',
    items: [
      { name: 'Amlodipine 10 mg', quantity: 30, unit: 'tablet', category: 'REGULAR' },
      { name: 'Insulin glargine', quantity: 1, unit: 'pen', category: 'COLD_CHAIN' },
    ],
    ...overrides,
  };
}
