import type { FestivalCatalog } from '../kernel/festival-catalog.ts';
import { systemClock } from '../platform/time.ts';
import { foodOrderStore } from '../ordering/adapters/food-order-adapters.ts';
import type { FollowJobPorts } from '../ordering/application/follow-job.ts';
import { orderingStore } from '../ordering/adapters/ordering-store.ts';
import { orderingOutboxRelay } from '../ordering/adapters/ordering-adapters.ts';
import { rideStore } from '../ordering/adapters/ride-store.ts';
import { festivalCatalog } from '../promotion/application/festival-sales.ts';
import { promotionPorts } from '../promotion/adapters/promotion-adapters.ts';

let ports: FollowJobPorts | undefined;
let catalog: FestivalCatalog | undefined;
/** Built on first use: only a withdrawn food order with a promotion needs the promotion table. */
const promotions = (): FestivalCatalog => (catalog ??= festivalCatalog(promotionPorts()));

/**
 * What the job-events consumer needs to make every kind of order follow its job: the three
 * order stores, and promotion's catalog (through the kernel's FestivalCatalog port) to give a
 * withdrawn food order's promotion back, and ordering's outbox relay for the steps' notices.
 */
export function followJobPorts(): FollowJobPorts {
  return (ports ??= {
    clock: systemClock,
    relay: orderingOutboxRelay(),
    medicineOrders: orderingStore(),
    foodOrders: foodOrderStore(),
    rides: rideStore(),
    redemptions: { reopen: (orderId) => promotions().reopen(orderId), release: (orderId) => promotions().release(orderId) },
  });
}
