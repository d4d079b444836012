import * as z from 'zod';
import { httpFunction } from '#platform/http/http-function';
import { created, ok, parseInput, requireCaller } from '#platform/http/request';
import { pageQuerySchema } from '#platform/pagination';
import { idSchema } from '#platform/schemas';
import { MERCHANT_STATUSES, menuView, merchantView, putMenuSchema, registerMerchantSchema, rejectMerchantSchema } from '#promotion/merchant';
import { getMenu, getMerchant, listMerchants, putMenu, registerMerchant, reviewMerchant } from '#promotion/promotion-use-cases';
import { promotionPorts } from '#promotion/promotion-adapters';

const merchantPath = z.object({ merchantId: idSchema });
const listQuery = z.strictObject({ status: z.enum(MERCHANT_STATUSES).optional(), ...pageQuerySchema });

/** Festival merchants (UMKM): registration, the admin's review, and their menus. */
export const handler = httpFunction(
  {
    'POST /v1/merchants': async (request) => {
      const input = parseInput(registerMerchantSchema, request.body, 'body');
      const merchant = await registerMerchant(promotionPorts(), requireCaller(request), input);
      return created(merchantView(merchant));
    },
    'GET /v1/merchants': async (request) => {
      const query = parseInput(listQuery, request.query, 'query');
      const page = await listMerchants(promotionPorts(), requireCaller(request), query);
      return ok({ items: page.items.map(merchantView), nextCursor: page.nextCursor });
    },
    'GET /v1/merchants/{merchantId}': async (request) => {
      const { merchantId } = parseInput(merchantPath, request.pathParameters, 'path');
      return ok(merchantView(await getMerchant(promotionPorts(), requireCaller(request), merchantId)));
    },
    'POST /v1/merchants/{merchantId}/approve': async (request) => {
      const { merchantId } = parseInput(merchantPath, request.pathParameters, 'path');
      if (request.body !== undefined) parseInput(z.strictObject({}), request.body, 'body');
      return ok(merchantView(await reviewMerchant(promotionPorts(), requireCaller(request), merchantId, { status: 'APPROVED' })));
    },
    'POST /v1/merchants/{merchantId}/reject': async (request) => {
      const { merchantId } = parseInput(merchantPath, request.pathParameters, 'path');
      const { reason } = parseInput(rejectMerchantSchema, request.body, 'body');
      return ok(merchantView(await reviewMerchant(promotionPorts(), requireCaller(request), merchantId, { status: 'REJECTED', reason })));
    },
    'PUT /v1/merchants/{merchantId}/menu': async (request) => {
      const { merchantId } = parseInput(merchantPath, request.pathParameters, 'path');
      const input = parseInput(putMenuSchema, request.body, 'body');
      return ok(menuView(await putMenu(promotionPorts(), requireCaller(request), merchantId, input)));
    },
    'GET /v1/merchants/{merchantId}/menu': async (request) => {
      const { merchantId } = parseInput(merchantPath, request.pathParameters, 'path');
      return ok({ merchantId, ...menuView(await getMenu(promotionPorts(), request.caller, merchantId)) });
    },
  },
  { idempotent: true },
);
