import type { DriverSnapshot } from '../domain/eligibility.ts';

/** Past this many claims, those whose hold is older than CLAIM_MEMORY_MS are forgotten. */
const CLAIMS_KEPT = 1_000;
/** Longer than any index read takes: a read started before a hold has ended by then. */
const CLAIM_MEMORY_MS = 60_000;

/**
 * The drivers this process has just chosen for an offer, each with its job. The records of a
 * batch are matched in parallel (and locally, the batches too): without this, the jobs near one
 * pharmacy read the same drivers, all choose the same nearest one, and all but one lose its
 * conditional hold and search again, another index query and another transaction each. With it,
 * a search running beside them sees the chosen driver as busy, as the driver's item will say
 * once the hold is written. A hint only: the conditional hold on the driver's item decides, and
 * searches in other processes (other Lambda instances) learn of the hold from the item.
 *
 * A claim hides its driver from index reads that started before the hold was written (a read
 * started later finds the hold in the item), and is dropped when the hold was not written.
 */
export class DriverClaims {
  private readonly claims = new Map<string, { readonly jobId: string; heldAtMs?: number }>();

  constructor(private readonly nowMs: () => number = Date.now) {}

  /**
   * The driver was chosen for the job and its hold is about to be written. False when another
   * job's hold on that driver is being written already (a search that read the same drivers a
   * moment before): choose again.
   */
  claim(driverId: string, jobId: string): boolean {
    const current = this.claims.get(driverId);
    if (current && current.jobId !== jobId && current.heldAtMs === undefined) return false;
    if (this.claims.size >= CLAIMS_KEPT) this.forgetOld();
    this.claims.set(driverId, { jobId });
    return true;
  }

  /** The hold is written: reads that start from now on see it in the driver's item. */
  held(driverId: string, jobId: string): void {
    const claim = this.claims.get(driverId);
    if (claim?.jobId === jobId) claim.heldAtMs = this.nowMs();
  }

  /**
   * The hold was refused: the driver's item says it holds another job (taken by another process,
   * or switched off), whatever an earlier read of the index said.
   */
  heldElsewhere(driverId: string): void {
    this.claims.set(driverId, { jobId: 'held-elsewhere', heldAtMs: this.nowMs() });
  }

  /**
   * The hold was not written (the job moved on, or the write failed): nothing to hide. A hold of
   * the same job that was written (a second delivery of the job's message, matching beside the
   * first, lost to it) stays.
   */
  drop(driverId: string, jobId: string): void {
    const claim = this.claims.get(driverId);
    if (claim?.jobId === jobId && claim.heldAtMs === undefined) this.claims.delete(driverId);
  }

  /**
   * The driver as the search for `jobId` should see it, from an index read that started at
   * `readStartedAtMs`. A driver claimed for the same job stays visible to it: two deliveries of
   * one job's message matching side by side then choose the same driver, and the loser of the
   * job's conditional write hides nobody else, where choosing a second driver would hide that one
   * from other jobs' searches for nothing (they would wait for a retry with that driver idle).
   */
  apply(driver: DriverSnapshot, readStartedAtMs: number, jobId: string | undefined): DriverSnapshot {
    if (driver.activeJobId !== undefined) return driver;
    const claim = this.claims.get(driver.driverId);
    if (!claim || claim.jobId === jobId || (claim.heldAtMs !== undefined && readStartedAtMs >= claim.heldAtMs)) return driver;
    return { ...driver, activeJobId: claim.jobId };
  }

  private forgetOld(): void {
    const before = this.nowMs() - CLAIM_MEMORY_MS;
    for (const [driverId, claim] of this.claims) {
      if (claim.heldAtMs !== undefined && claim.heldAtMs < before) this.claims.delete(driverId);
    }
  }
}
