import type { MerchantPhones } from '../../kernel/order-notices.ts';
import type { PromotionPorts } from '../ports/promotion-ports.ts';

/** Promotion's side of the MerchantPhones port: the phone a merchant registered, to tell it of new orders. */
export const merchantPhones = (ports: Pick<PromotionPorts, 'store'>): MerchantPhones => ({
  phoneOf: async (merchantId) => (await ports.store.getMerchant(merchantId))?.phone,
});
