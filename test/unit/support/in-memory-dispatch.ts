import type { OutboxItem, OutboxMessage } from '#platform/outbox';
import { outboxItem } from '#platform/outbox';
import type { Driver } from '#dispatch/domain/driver';
import { toDriverSnapshot } from '#dispatch/domain/driver';
import type { DispatchAudit, DispatchJob, Offer } from '#dispatch/domain/dispatch-job';
import type { DispatchSettings, DispatchStore, DriverLookup, JobChange, JobChangeOutcome } from '#dispatch/ports/dispatch-ports';
import type { DriverJobPorts } from '#dispatch/application/driver-actions';
import { bruteForceNearest } from '#dispatch/domain/matching';
import { PLATFORM_TARIFFS } from '#kernel/fares';
import type { DeliveryContact } from '#kernel/delivery-contacts';

/**
 * The dispatch store and driver registry kept in memory, with the same all-or-nothing conditions
 * as the DynamoDB adapter (job version, offer status and expiry, driver holds), for tests of the
 * engine's rules with a fake clock. The DynamoDB adapter meets the same rules in test/integration.
 */
export class InMemoryDispatchWorld implements DispatchStore, DriverLookup {
  readonly jobs = new Map<string, DispatchJob>();
  readonly offers = new Map<string, Offer>();
  readonly drivers = new Map<string, Driver>();
  readonly audits: DispatchAudit[] = [];
  /** Everything written to the outbox, in order (the relay publishes it all). */
  readonly sent: OutboxItem[] = [];
  /** Pages of the status index read so far (the janitor's reads). */
  pagesRead = 0;
  /** What ordering would answer through DeliveryContacts, by order id. */
  readonly contacts = new Map<string, DeliveryContact>();
  nowMs = Date.parse('2026-11-28T03:00:00Z');

  async createJob(job: DispatchJob): Promise<boolean> {
    if (this.jobs.has(job.jobId)) return false;
    this.jobs.set(job.jobId, structuredClone(job));
    return true;
  }
  async getJob(jobId: string) {
    const job = this.jobs.get(jobId);
    return job && structuredClone(job);
  }
  async getOffer(offerId: string) {
    const offer = this.offers.get(offerId);
    return offer && structuredClone(offer);
  }
  async cancelUnknownJob(job: { jobId: string; kind: DispatchJob['kind']; orderId: string }, at: string, messages: readonly OutboxMessage[]): Promise<OutboxItem[] | undefined> {
    if (this.jobs.has(job.jobId)) return undefined;
    this.jobs.set(job.jobId, { ...job, status: 'CANCELLED', version: 1, updatedAt: at } as unknown as DispatchJob);
    const items = messages.map((m) => outboxItem(m, new Date(this.nowMs)));
    this.sent.push(...items);
    return items;
  }
  async changeJob(change: JobChange): Promise<JobChangeOutcome> {
    const current = this.jobs.get(change.next.jobId);
    if (change.creating ? current !== undefined : !current || current.version !== change.previous.version) return { ok: false, failed: 'JOB' };
    if (change.putOffer && this.offers.has(change.putOffer.offerId)) return { ok: false, failed: 'OFFER' };
    if (change.offer) {
      const offer = this.offers.get(change.offer.offerId);
      const expired = change.offer.notExpiredAtMs !== undefined && offer !== undefined && offer.expiresAtMs <= change.offer.notExpiredAtMs;
      if (!offer || offer.status !== change.offer.from || offer.driverId !== change.offer.driverId || expired) return { ok: false, failed: 'OFFER' };
    }
    const hold = (id: string) => this.drivers.get(id);
    if (change.reserveDriver) {
      const d = hold(change.reserveDriver.driverId);
      if (!d || !d.available || d.currentOfferId || d.currentJobId) return { ok: false, failed: 'DRIVER' };
    }
    if (change.confirmDriver) {
      const d = hold(change.confirmDriver.driverId);
      if (!d || d.currentOfferId !== change.confirmDriver.offerId || d.currentJobId !== change.next.jobId) return { ok: false, failed: 'DRIVER' };
    }
    if (change.releaseDriver) {
      const d = hold(change.releaseDriver.driverId);
      if (!d || d.currentJobId !== change.next.jobId) return { ok: false, failed: 'DRIVER' };
    }
    // All conditions hold: apply everything.
    this.jobs.set(change.next.jobId, structuredClone(JSON.parse(JSON.stringify(change.next))) as DispatchJob);
    if (change.putOffer) this.offers.set(change.putOffer.offerId, structuredClone(change.putOffer));
    if (change.offer) this.offers.set(change.offer.offerId, { ...this.offers.get(change.offer.offerId)!, status: change.offer.to });
    const set = (id: string, patch: Partial<Driver>) => {
      const next: Record<string, unknown> = { ...this.drivers.get(id)!, ...patch };
      for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key];
      this.drivers.set(id, next as unknown as Driver);
    };
    if (change.reserveDriver) set(change.reserveDriver.driverId, { currentOfferId: change.reserveDriver.offerId, currentJobId: change.next.jobId });
    if (change.confirmDriver) set(change.confirmDriver.driverId, { currentOfferId: undefined });
    if (change.releaseDriver) set(change.releaseDriver.driverId, { currentOfferId: undefined, currentJobId: undefined });
    if (change.audit) this.audits.push(change.audit);
    const items = change.messages.map((m) => outboxItem(m, new Date(this.nowMs)));
    this.sent.push(...items);
    return { ok: true, outbox: items };
  }
  async recordAudit(audit: DispatchAudit) {
    this.audits.push(audit);
  }
  /** Oldest ready first; the cursor is the position after the last job of the previous page, as DynamoDB's. */
  async jobsInStatus(status: 'WAITING' | 'OFFERED', page: { limit: number; cursor?: string }) {
    const sortKey = (j: DispatchJob) => `${j.readyAt}#${j.jobId}`;
    const all = [...this.jobs.values()].filter((j) => j.status === status && (page.cursor === undefined || sortKey(j) > page.cursor));
    const items = all.sort((a, b) => sortKey(a).localeCompare(sortKey(b))).slice(0, page.limit);
    this.pagesRead++;
    return { items, nextCursor: all.length > page.limit ? sortKey(items.at(-1)!) : null };
  }
  async auditOf(jobId: string) {
    return this.audits.filter((a) => a.jobId === jobId);
  }

  async getDriver(driverId: string) {
    return this.drivers.get(driverId);
  }
  async findDriverBySub(sub: string) {
    return [...this.drivers.values()].find((d) => d.sub === sub);
  }

  /** Messages sent so far of one type, parsed. */
  messages(type: string): Record<string, any>[] {
    return this.sent
      .map((item): Record<string, any> => ({ ...(JSON.parse(item.body) as object), queue: item.queue, delaySeconds: item.delaySeconds ?? 0 }))
      .filter((m) => m.type === type);
  }
}

export const TEST_SETTINGS: DispatchSettings = {
  offerTtlSeconds: 30,
  unassignedAlertSeconds: 600,
  retryFirstDelaySeconds: 15,
  retryMaxDelaySeconds: 300,
  maxStalenessSeconds: 300,
  maxRadiusKm: { MEDICINE: 30, FOOD: 8, RIDE: 30 },
  maxWrongCodes: 5,
  giveUpAfterSeconds: { RIDE: 300 },
  pickupLeadSeconds: 600,
  platformTariffs: PLATFORM_TARIFFS,
  contactHoursAfterEnd: 3,
};

export function dispatchWorld(settings: Partial<DispatchSettings> = {}) {
  const world = new InMemoryDispatchWorld();
  let counter = 0;
  const fullSettings = { ...TEST_SETTINGS, ...settings };
  const ports: DriverJobPorts = {
    store: world,
    drivers: world,
    findNearest: async (job, now) =>
      bruteForceNearest(
        job,
        [...world.drivers.values()].flatMap((d) => toDriverSnapshot(d) ?? []),
        now,
        { maxRadiusKm: fullSettings.maxRadiusKm[job.kind], maxStalenessSeconds: fullSettings.maxStalenessSeconds },
      ),
    relay: { publish: async () => undefined },
    clock: { now: () => new Date(world.nowMs) },
    ids: { next: (prefix) => `${prefix}_${String(++counter).padStart(5, '0')}` },
    settings: fullSettings,
    contacts: { contactFor: async ({ orderId }) => world.contacts.get(orderId) },
  };
  return { world, ports };
}
