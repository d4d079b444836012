import { platformTariffs } from '../kernel/fares.ts';
import { ulidIds } from '../platform/ids.ts';
import { systemClock } from '../platform/time.ts';
import type { FestivalCatalog } from '../kernel/festival-catalog.ts';
import { foodOrderStore } from '../ordering/adapters/food-order-adapters.ts';
import type { FoodOrderPorts } from '../ordering/ports/food-order-ports.ts';
import { orderingOutboxRelay } from '../ordering/adapters/ordering-adapters.ts';
import { festivalCatalog as promotionCatalog } from '../promotion/application/festival-sales.ts';
import { promotionPorts } from '../promotion/adapters/promotion-adapters.ts';

/**
 * Where ordering's food orders meet promotion's festivals, in process, through the kernel's
 * FestivalCatalog port. A function that uses it is granted both tables in the declaration.
 */

/** Promotion's catalog as ordering's FestivalCatalog port. */
export const festivalCatalog = (): FestivalCatalog => promotionCatalog(promotionPorts());

let ports: FoodOrderPorts | undefined;

export function foodOrderPorts(): FoodOrderPorts {
  return (ports ??= {
    store: foodOrderStore(),
    catalog: festivalCatalog(),
    relay: orderingOutboxRelay(),
    platformTariffs: platformTariffs(),
    clock: systemClock,
    ids: ulidIds,
  });
}
