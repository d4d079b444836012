import { jobIdFor } from '../dispatch/dispatch-messages.ts';
import type { JobEvent } from '../dispatch/job-events.ts';
import { ConcurrentUpdateError } from '../platform/errors.ts';
import { toWibIso, type Clock } from '../platform/time.ts';
import { JobEventAheadOfOrderError, UnappliableJobEventError, type JobEventOutcome } from './apply-job-event.ts';
import { assertRideTransition, type Ride, type RideStatus } from './ride.ts';
import type { RideStore } from './ride-use-cases.ts';

export interface RideJobEventPorts {
  readonly rides: Pick<RideStore, 'getRide' | 'saveRideTransition'>;
  readonly clock: Clock;
}

export interface RideJobEventResult {
  readonly outcome: JobEventOutcome;
  readonly status: RideStatus;
}

const WRITE_ATTEMPTS = 2;

/**
 * Makes a ride follow its dispatch job, as apply-job-event.ts does for medicine orders:
 * COURIER_ASSIGNED → DRIVER_ASSIGNED (driver first name, plate, company), COURIER_RELEASED →
 * SEARCHING, PICKED_UP → ON_TRIP, DELIVERED (the drop-off) → COMPLETED with completedAt,
 * DELIVERY_FAILED (after pickup) → FAILED, NO_DRIVER_FOUND → NO_DRIVER_FOUND. ATTENTION is for
 * pharmacies and does not concern rides. Redeliveries are no-ops, events that arrive before the
 * one they follow fail the record (SQS redelivers them), and events older than the last one
 * that moved the ride are superseded. Conditional writes on status and version.
 */
export async function applyRideJobEvent(ports: RideJobEventPorts, event: JobEvent): Promise<RideJobEventResult> {
  if (event.kind !== 'RIDE') throw new UnappliableJobEventError('UNSUPPORTED_JOB_KIND', `Not a ride job event: ${event.kind} (job ${event.jobId})`);
  if (event.jobId !== jobIdFor(event.orderId)) {
    throw new UnappliableJobEventError('JOB_MISMATCH', `Job ${event.jobId} is not the job of ride ${event.orderId}`);
  }
  const instant = Date.parse(event.at);
  if (Number.isNaN(instant)) throw new UnappliableJobEventError('INVALID_EVENT', `Job event ${event.messageId} has no valid time`);
  const at = { instant, wib: toWibIso(new Date(instant)) };

  for (let attempt = 1; ; attempt++) {
    const ride = await ports.rides.getRide(event.orderId);
    if (!ride) throw new UnappliableJobEventError('UNKNOWN_ORDER', `No ride ${event.orderId} for job ${event.jobId}`);
    const decision = decide(ride, event, at);
    if (!('next' in decision)) return { outcome: decision.outcome, status: ride.status };
    const next: Ride = { ...decision.next, version: ride.version + 1, updatedAt: toWibIso(ports.clock.now()) };
    try {
      await ports.rides.saveRideTransition(next, { status: ride.status, version: ride.version }, []);
      return { outcome: 'APPLIED', status: next.status };
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= WRITE_ATTEMPTS) throw error;
    }
  }
}

type EventTime = { readonly instant: number; readonly wib: string };
type Decision = { readonly next: Ride } | { readonly outcome: Exclude<JobEventOutcome, 'APPLIED'> };

const ALREADY_APPLIED = { outcome: 'ALREADY_APPLIED' } as const;
const SUPERSEDED = { outcome: 'SUPERSEDED' } as const;

/** How far along a ride is; its endings share the last rank. */
const STEP: Readonly<Record<Exclude<RideStatus, 'CANCELLED'>, number>> = {
  SEARCHING: 0,
  DRIVER_ASSIGNED: 1,
  ON_TRIP: 2,
  COMPLETED: 3,
  FAILED: 3,
  NO_DRIVER_FOUND: 3,
};

function ahead(ride: Ride, event: JobEvent, waitingFor: string): never {
  throw new JobEventAheadOfOrderError(`Ride ${ride.rideId} is ${ride.status}: ${event.type} waits for ${waitingFor}`);
}

function decide(ride: Ride, event: JobEvent, at: EventTime): Decision {
  // The cancel withdrew the job from dispatch; whatever dispatch did meanwhile is moot.
  if (ride.status === 'CANCELLED') return { outcome: 'ORDER_CANCELLED' };
  const status = ride.status;
  const older = ride.lastJobEventAt !== undefined && at.instant < Date.parse(ride.lastJobEventAt);
  const sameDriver = (driverId: string | undefined) => driverId === undefined || ride.driver === undefined || ride.driver.driverId === driverId;

  const endings: Partial<Record<JobEvent['type'], readonly RideStatus[]>> = {
    DELIVERED: ['FAILED', 'NO_DRIVER_FOUND'],
    DELIVERY_FAILED: ['COMPLETED', 'NO_DRIVER_FOUND'],
    NO_DRIVER_FOUND: ['COMPLETED', 'FAILED', 'ON_TRIP'],
  };
  if (endings[event.type]?.includes(status)) {
    throw new UnappliableJobEventError('CONTRADICTS_ORDER', `Ride ${ride.rideId} is ${status}; dispatch now says ${event.type}`);
  }

  switch (event.type) {
    case 'COURIER_ASSIGNED': {
      const driver = event.driver;
      if (!driver) throw new UnappliableJobEventError('INVALID_EVENT', `COURIER_ASSIGNED ${event.messageId} names no driver`);
      if (older) return SUPERSEDED;
      if (status === 'SEARCHING') {
        const { driverId, firstName, vehiclePlate, vehicleType, companyId } = driver;
        return move(ride, 'DRIVER_ASSIGNED', at, {
          driver: {
            driverId,
            firstName,
            vehiclePlate,
            vehicleType,
            ...(companyId ? { companyId } : {}),
            // Dispatch offers a TAXI ride only to the company that priced it: its name is on the ride.
            ...(companyId && companyId === ride.companyId && ride.companyName ? { companyName: ride.companyName } : {}),
            assignedAt: at.wib,
          },
        });
      }
      if (status === 'DRIVER_ASSIGNED') {
        if (ride.driver?.driverId === driver.driverId) return ALREADY_APPLIED;
        return ahead(ride, event, 'the release of the driver it has now');
      }
      return SUPERSEDED;
    }

    case 'COURIER_RELEASED': {
      if (older) return SUPERSEDED;
      if (status === 'DRIVER_ASSIGNED') {
        if (!sameDriver(event.driver?.driverId)) return ahead(ride, event, 'the assignment of the driver it releases');
        const { driver: _driver, ...unassigned } = ride;
        return move(unassigned, 'SEARCHING', at);
      }
      if (status === 'SEARCHING') {
        if (ride.lastJobEventAt !== undefined && Date.parse(ride.lastJobEventAt) === at.instant) return ALREADY_APPLIED;
        return ahead(ride, event, 'the assignment it releases');
      }
      return SUPERSEDED;
    }

    case 'PICKED_UP': {
      if (status === 'DRIVER_ASSIGNED') {
        if (!sameDriver(event.driver?.driverId)) return ahead(ride, event, 'the assignment of the driver who picked the passenger up');
        return move(ride, 'ON_TRIP', at);
      }
      if (status === 'ON_TRIP') return ALREADY_APPLIED;
      if (STEP[status] < STEP.DRIVER_ASSIGNED) return ahead(ride, event, 'DRIVER_ASSIGNED');
      return SUPERSEDED;
    }

    case 'DELIVERED': {
      if (status === 'ON_TRIP') return move(ride, 'COMPLETED', at, { completedAt: at.wib });
      if (status === 'COMPLETED') return ALREADY_APPLIED;
      return ahead(ride, event, 'ON_TRIP');
    }

    case 'DELIVERY_FAILED': {
      if (status === 'ON_TRIP') return move(ride, 'FAILED', at, event.reason ? { failureReason: event.reason } : {});
      if (status === 'FAILED') return ALREADY_APPLIED;
      return ahead(ride, event, 'ON_TRIP');
    }

    case 'NO_DRIVER_FOUND': {
      if (status === 'NO_DRIVER_FOUND') return ALREADY_APPLIED;
      if (status === 'SEARCHING') return move(ride, 'NO_DRIVER_FOUND', at);
      // DRIVER_ASSIGNED: dispatch gives up only while the job waits, so a release is on its way.
      if (older) return SUPERSEDED;
      return ahead(ride, event, 'the release of its driver');
    }

    case 'ATTENTION':
      // Flags for a pharmacy (no driver yet, delivery code locked); a ride has no staff to flag.
      return SUPERSEDED;
  }
}

function move(ride: Ride, to: RideStatus, at: EventTime, changes: Partial<Ride> = {}): Decision {
  assertRideTransition(ride.status, to, 'dispatch');
  return { next: { ...ride, ...changes, status: to, timeline: [...ride.timeline, { status: to, at: at.wib }], lastJobEventAt: at.wib } };
}
