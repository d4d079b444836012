import { describe, expect, it } from 'vitest';
import { DriverClaims } from '../../../shared/dispatch/adapters/driver-claims.ts';
import type { DriverSnapshot } from '../../../shared/dispatch/domain/eligibility.ts';

const driver = (driverId: string): DriverSnapshot => ({ driverId }) as unknown as DriverSnapshot;
const busy = (d: DriverSnapshot): boolean => d.activeJobId !== undefined;

describe('the drivers chosen by searches running side by side', () => {
  it('hides a driver claimed for one job from the other jobs, not from the same job delivered twice', () => {
    const claims = new DriverClaims(() => 1_000);
    expect(claims.claim('drv_d', 'job_x')).toBe(true);
    expect(busy(claims.apply(driver('drv_d'), 900, 'job_y'))).toBe(true);
    // The second delivery of job_x's message chooses the same driver, so it hides no one else.
    expect(busy(claims.apply(driver('drv_d'), 900, 'job_x'))).toBe(false);
    expect(claims.claim('drv_d', 'job_x')).toBe(true);
    expect(claims.claim('drv_d', 'job_y')).toBe(false);
  });

  it('keeps a written hold when the losing delivery of the same job drops its claim', () => {
    let now = 1_000;
    const claims = new DriverClaims(() => now);
    claims.claim('drv_d', 'job_x');
    claims.held('drv_d', 'job_x');
    now = 1_050;
    claims.drop('drv_d', 'job_x'); // the other delivery lost the job's conditional write
    // A read that started before the hold was written still sees the driver as taken.
    expect(busy(claims.apply(driver('drv_d'), 990, 'job_y'))).toBe(true);
    expect(busy(claims.apply(driver('drv_d'), 1_010, 'job_y'))).toBe(false);
  });

  it('frees a driver whose hold was never written', () => {
    const claims = new DriverClaims(() => 1_000);
    claims.claim('drv_d', 'job_x');
    claims.drop('drv_d', 'job_x');
    expect(busy(claims.apply(driver('drv_d'), 900, 'job_y'))).toBe(false);
    expect(claims.claim('drv_d', 'job_y')).toBe(true);
  });
});
