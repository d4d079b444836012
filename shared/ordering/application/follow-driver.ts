import { jobIdFor } from '../../kernel/dispatch-messages.ts';
import type { DriverPosition, DriverPositions } from '../../kernel/driver-positions.ts';

/**
 * The order's driver's last position, asked of dispatch only while the order's kind shows it
 * (domain/driver-on-the-way.ts): dispatch answers only while that driver still holds the order's job.
 */
export async function driverPositionFor<S extends string>(
  positions: DriverPositions,
  shownWhile: ReadonlySet<S>,
  order: { readonly orderId: string; readonly status: S; readonly driverId: string | undefined },
): Promise<DriverPosition | undefined> {
  return shownWhile.has(order.status) && order.driverId ? positions.positionOnJob(order.driverId, jobIdFor(order.orderId)) : undefined;
}
