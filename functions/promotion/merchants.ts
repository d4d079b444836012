import { httpFunction } from '#platform/http/http-function';
import { routesOf } from '#platform/http/operation';
import { created, ok, requireCaller } from '#platform/http/request';
import { merchantContract } from '#promotion/api/merchants';
import { menuView, merchantView } from '#promotion/domain/merchant';
import { getMenu, getMerchant, listMerchants, putMenu, registerMerchant, reviewMerchant } from '#promotion/application/promotion-use-cases';
import { promotionPorts } from '#promotion/adapters/promotion-adapters';

/** Festival merchants (UMKM): registration, the admin's review, and their menus. */
export const handler = httpFunction(
  routesOf(merchantContract, {
    'POST /v1/merchants': async ({ body, request }) => created(merchantView(await registerMerchant(promotionPorts(), requireCaller(request), body))),
    'GET /v1/merchants': async ({ query, request }) => {
      const page = await listMerchants(promotionPorts(), requireCaller(request), query);
      return ok({ items: page.items.map(merchantView), nextCursor: page.nextCursor });
    },
    'GET /v1/merchants/{merchantId}': async ({ path, request }) =>
      ok(merchantView(await getMerchant(promotionPorts(), requireCaller(request), path.merchantId))),
    'POST /v1/merchants/{merchantId}/approve': async ({ path, request }) =>
      ok(merchantView(await reviewMerchant(promotionPorts(), requireCaller(request), path.merchantId, { status: 'APPROVED' }))),
    'POST /v1/merchants/{merchantId}/reject': async ({ path, body, request }) =>
      ok(merchantView(await reviewMerchant(promotionPorts(), requireCaller(request), path.merchantId, { status: 'REJECTED', reason: body.reason }))),
    'PUT /v1/merchants/{merchantId}/menu': async ({ path, body, request }) =>
      ok(menuView(await putMenu(promotionPorts(), requireCaller(request), path.merchantId, body))),
    'GET /v1/merchants/{merchantId}/menu': async ({ path, request }) => ok(menuView(await getMenu(promotionPorts(), request.caller, path.merchantId))),
  }),
  { idempotent: true },
);
