import { describe, expect, it } from 'vitest';
import { timelineSteps } from '../../../web/src/tracking/timeline.ts';
import { MEDICINE_JOURNEY, type Tracking } from '../../../web/src/tracking/tracking-api.ts';
import { wibTime } from '../../../web/src/wib.ts';

const tracking = (status: Tracking['status'], timeline: Tracking['status'][]): Tracking => ({
  status,
  facilityName: 'RSUD Blambangan',
  facility: { name: 'RSUD Blambangan', location: { lat: -8.208396, lng: 114.366168 } },
  destination: { kecamatan: 'Banyuwangi', center: { lat: -8.2191, lng: 114.3691 } },
  driverFirstName: null,
  driver: null,
  driverPosition: null,
  timeline: timeline.map((s, i) => ({ status: s, at: `2026-12-01T09:${String(10 + i).padStart(2, '0')}:00+07:00` })),
  updatedAt: '2026-12-01T09:20:00+07:00',
});

describe('the tracking timeline', () => {
  it('shows what happened, the last step current, then the usual steps ahead', () => {
    const steps = timelineSteps(tracking('PICKED_UP', ['REGISTERED', 'PREPARING', 'READY_FOR_PICKUP', 'COURIER_ASSIGNED', 'PICKED_UP']), MEDICINE_JOURNEY);
    expect(steps.map((s) => [s.status, s.current, s.at !== undefined])).toEqual([
      ['REGISTERED', false, true],
      ['PREPARING', false, true],
      ['READY_FOR_PICKUP', false, true],
      ['COURIER_ASSIGNED', false, true],
      ['PICKED_UP', true, true],
      ['DELIVERED', false, false],
    ]);
  });

  it('keeps a driver giving the package back as it happened, and the way ahead from where it stands', () => {
    const steps = timelineSteps(tracking('READY_FOR_PICKUP', ['REGISTERED', 'READY_FOR_PICKUP', 'COURIER_ASSIGNED', 'READY_FOR_PICKUP']), MEDICINE_JOURNEY);
    expect(steps.map((s) => s.status)).toEqual(['REGISTERED', 'READY_FOR_PICKUP', 'COURIER_ASSIGNED', 'READY_FOR_PICKUP', 'COURIER_ASSIGNED', 'PICKED_UP', 'DELIVERED']);
    expect(steps.filter((s) => s.current).map((s) => s.at)).toEqual(['2026-12-01T09:13:00+07:00']);
  });

  it('shows nothing ahead once the order is over or off the usual way', () => {
    expect(timelineSteps(tracking('CANCELLED', ['REGISTERED', 'CANCELLED']), MEDICINE_JOURNEY).map((s) => s.status)).toEqual(['REGISTERED', 'CANCELLED']);
    expect(timelineSteps(tracking('DELIVERY_FAILED', ['REGISTERED', 'DELIVERY_FAILED']), MEDICINE_JOURNEY).map((s) => s.status)).toEqual(['REGISTERED', 'DELIVERY_FAILED']);
  });
});

describe('times in WIB', () => {
  const now = new Date('2026-12-01T05:00:00Z'); // 12.00 WIB

  it('reads as Banyuwangi reads a clock, whatever the zone of the instant or the phone', () => {
    expect(wibTime('2026-12-01T02:41:10Z', 'id-ID', now)).toBe('09.41 WIB');
    expect(wibTime('2026-12-01T09:41:10+07:00', 'en-GB', now)).toBe('09:41 WIB');
  });

  it('names the day when it is not today in Banyuwangi', () => {
    // 16.30 UTC on 30 November is 23.30 WIB that day; 17.30 UTC is already 1 December in Banyuwangi.
    expect(wibTime('2026-11-30T16:30:00Z', 'id-ID', now)).toBe('30 Nov, 23.30 WIB');
    expect(wibTime('2026-11-30T17:30:00Z', 'id-ID', now)).toBe('00.30 WIB');
  });
});
