import type { Location } from '../platform/service-area.ts';

/**
 * Where the driver carrying a delivery last was: the family's tracking page shows it while the
 * package is on its way. Dispatch keeps drivers' positions; ordering asks in process, for the
 * driver and the job that the order knows, and dispatch answers only while that driver still
 * holds that job, so a driver who has moved on (delivered, gave the job back) is never shown to
 * the family of a past delivery. Dispatch implements it (shared/dispatch/application/driver-positions.ts).
 */
export interface DriverPosition {
  readonly location: Location;
  /** When the driver reported it (server clock, WIB). */
  readonly at: string;
}

export interface DriverPositions {
  /** The last position `driverId` reported, while holding `jobId`; undefined when the driver holds another job or none, or never reported one. */
  positionOnJob(driverId: string, jobId: string): Promise<DriverPosition | undefined>;
}
