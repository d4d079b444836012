import * as z from 'zod';
import { httpFunction } from '#platform/http/http-function';
import { created, ok, parseInput, requireCaller } from '#platform/http/request';
import { pageQuerySchema } from '#platform/pagination';
import { idSchema, kecamatanSchema } from '#platform/schemas';
import { createFestivalSchema, createPromotionSchema, enrolMerchantSchema, promotionView } from '#promotion/festival';
import { HALAL_STATUSES } from '#promotion/merchant';
import {
  createFestival,
  createPromotion,
  enrolMerchant,
  festivalCatalogue,
  getFestival,
  listPromotions,
} from '#promotion/promotion-use-cases';
import { promotionPorts } from '#promotion/promotion-adapters';

const festivalPath = z.object({ festivalId: idSchema });
const listQuery = z.strictObject({ ...pageQuerySchema });
const catalogueQuery = z.strictObject({
  kecamatan: kecamatanSchema.optional(),
  halal: z.string().transform((value) => value.toUpperCase()).pipe(z.enum(HALAL_STATUSES)).optional(),
  ...pageQuerySchema,
});

/** Pesta Kuliner Go-Food festivals: the admin sets them up; anyone browses their merchants. */
export const handler = httpFunction(
  {
    'POST /v1/festivals': async (request) => {
      const input = parseInput(createFestivalSchema, request.body, 'body');
      return created(await createFestival(promotionPorts(), requireCaller(request), input));
    },
    'GET /v1/festivals': async (request) => {
      const query = parseInput(listQuery, request.query, 'query');
      return ok(await promotionPorts().store.listFestivals(query));
    },
    'GET /v1/festivals/{festivalId}': async (request) => {
      const { festivalId } = parseInput(festivalPath, request.pathParameters, 'path');
      return ok(await getFestival(promotionPorts(), festivalId));
    },
    'POST /v1/festivals/{festivalId}/merchants': async (request) => {
      const { festivalId } = parseInput(festivalPath, request.pathParameters, 'path');
      const input = parseInput(enrolMerchantSchema, request.body, 'body');
      return created(await enrolMerchant(promotionPorts(), requireCaller(request), festivalId, input));
    },
    'GET /v1/festivals/{festivalId}/merchants': async (request) => {
      const { festivalId } = parseInput(festivalPath, request.pathParameters, 'path');
      const query = parseInput(catalogueQuery, request.query, 'query');
      return ok(await festivalCatalogue(promotionPorts(), festivalId, query));
    },
    'POST /v1/festivals/{festivalId}/promotions': async (request) => {
      const { festivalId } = parseInput(festivalPath, request.pathParameters, 'path');
      const input = parseInput(createPromotionSchema, request.body, 'body');
      return created(promotionView(await createPromotion(promotionPorts(), requireCaller(request), festivalId, input)));
    },
    'GET /v1/festivals/{festivalId}/promotions': async (request) => {
      const { festivalId } = parseInput(festivalPath, request.pathParameters, 'path');
      return ok({ items: (await listPromotions(promotionPorts(), requireCaller(request), festivalId)).map(promotionView), nextCursor: null });
    },
  },
  { idempotent: true },
);
