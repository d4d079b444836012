import { describe, expect, it } from 'vitest';
import { driverPositions } from '#dispatch/application/driver-positions';
import type { Driver } from '#dispatch/domain/driver';

const BAGUS: Driver = {
  driverId: 'drv_bagus',
  sub: 'bagus',
  name: 'Bagus Santoso',
  phone: '+6281255500001',
  vehicle: { type: 'MOTORBIKE', plate: 'P 4821 UX' },
  fleet: { kind: 'GOJEK' },
  medicineTrained: true,
  available: true,
  location: { lat: -8.2102, lng: 114.3688 },
  cell: 'g50:x',
  lastSeenAt: '2026-11-28T10:20:00.000+07:00',
  currentJobId: 'job_mo_1',
  createdAt: '2026-11-28T08:00:00.000+07:00',
  createdBy: 'admin',
};

const positions = (driver: Driver | undefined) => driverPositions({ drivers: { getDriver: async (id) => (id === driver?.driverId ? driver : undefined) } });

describe('the driver positions dispatch gives ordering for tracking', () => {
  it('gives the last reported position and its time while the driver holds the job', async () => {
    await expect(positions(BAGUS).positionOnJob('drv_bagus', 'job_mo_1')).resolves.toEqual({
      location: { lat: -8.2102, lng: 114.3688 },
      at: '2026-11-28T10:20:00.000+07:00',
    });
  });

  it.each<[string, Driver | undefined]>([
    ['the driver holds another job (moved on to the next delivery)', { ...BAGUS, currentJobId: 'job_mo_2' }],
    ['the driver holds no job (delivered, gave it back)', { ...BAGUS, currentJobId: undefined }],
    ['the driver never reported a position', { ...BAGUS, location: undefined, lastSeenAt: undefined }],
    ['the driver is unknown', undefined],
  ])('gives nothing when %s', async (_, driver) => {
    await expect(positions(driver).positionOnJob('drv_bagus', 'job_mo_1')).resolves.toBeUndefined();
  });
});
