import type { OrderFates } from '../kernel/festival-catalog.ts';
import { foodOrderFate, foodOrderStore } from '../ordering/adapters/food-order-adapters.ts';

/**
 * Where promotion's redemption sweeper meets ordering's food orders: ordering answers the
 * kernel's OrderFates port (read-only on the ordering table), without its message relay.
 */
export const foodOrderFates = (): OrderFates => ({ fateOf: (orderId) => foodOrderFate(foodOrderStore(), orderId) });
