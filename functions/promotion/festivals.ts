import { httpFunction } from '#platform/http/http-function';
import { routesOf } from '#platform/http/operation';
import { created, ok, requireCaller } from '#platform/http/request';
import { festivalContract } from '#promotion/api/festivals';
import { festivalView, promotionView } from '#promotion/domain/festival';
import {
  createFestival,
  createPromotion,
  enrolMerchant,
  festivalCatalogue,
  getFestival,
  listPromotions,
} from '#promotion/application/promotion-use-cases';
import { promotionPorts } from '#promotion/adapters/promotion-adapters';

/** Pesta Kuliner Go-Food festivals: the admin sets them up; anyone browses their merchants. */
export const handler = httpFunction(
  routesOf(festivalContract, {
    'POST /v1/festivals': async ({ body, request }) => created(festivalView(await createFestival(promotionPorts(), requireCaller(request), body))),
    'GET /v1/festivals': async ({ query }) => {
      const page = await promotionPorts().store.listFestivals(query);
      return ok({ items: page.items.map(festivalView), nextCursor: page.nextCursor });
    },
    'GET /v1/festivals/{festivalId}': async ({ path }) => ok(festivalView(await getFestival(promotionPorts(), path.festivalId))),
    'POST /v1/festivals/{festivalId}/merchants': async ({ path, body, request }) =>
      created(await enrolMerchant(promotionPorts(), requireCaller(request), path.festivalId, body)),
    'GET /v1/festivals/{festivalId}/merchants': async ({ path, query }) => ok(await festivalCatalogue(promotionPorts(), path.festivalId, query)),
    'POST /v1/festivals/{festivalId}/promotions': async ({ path, body, request }) =>
      created(promotionView(await createPromotion(promotionPorts(), requireCaller(request), path.festivalId, body))),
    'GET /v1/festivals/{festivalId}/promotions': async ({ path, request }) => {
      const promotions = await listPromotions(promotionPorts(), requireCaller(request), path.festivalId);
      return ok({ items: promotions.map(promotionView), nextCursor: null });
    },
  }),
  { idempotent: true },
);
