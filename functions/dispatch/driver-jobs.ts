import * as z from 'zod';
import { httpFunction } from '#platform/http/http-function';
import { ok, parseInput, requireCaller } from '#platform/http/request';
import { boundedText, idSchema, nameSchema } from '#platform/schemas';
import { acceptOffer, declineOffer, deliver, failJob, getJobForDriver, listOffers, pickUp, type DriverJobPorts } from '#dispatch/driver-actions';
import { dispatchPorts } from '#dispatch/dispatch-adapters';
import { orderingDeliveryContacts } from '#wiring/delivery-contacts-wiring';

const offerPath = z.object({ offerId: idSchema });
const jobPath = z.object({ jobId: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'is not a valid job id') });
const deliverBody = z.strictObject({ code: z.string().regex(/^\d{6}$/, 'must be the 6-digit code').optional(), recipientName: nameSchema.optional() });
const failBody = z.strictObject({ reason: boundedText(300) });
/** Steps that carry no data accept no body or an empty object, and refuse anything else. */
const noBody = z.strictObject({});

let ports: DriverJobPorts | undefined;
/** Dispatch's ports, and ordering's DeliveryContacts module interface for the recipient's contact. */
const driverJobPorts = (): DriverJobPorts => (ports ??= { ...dispatchPorts(), contacts: orderingDeliveryContacts() });

/** The driver's side of a job: offers, accept or decline, pick up, deliver, or report failure. */
export const handler = httpFunction(
  {
    'GET /v1/drivers/me/offers': async (request) => ok({ items: await listOffers(dispatchPorts(), requireCaller(request)) }),
    'POST /v1/offers/{offerId}/accept': async (request) => {
      const { offerId } = parseInput(offerPath, request.pathParameters, 'path');
      parseInput(noBody, request.body ?? {}, 'body');
      return ok(await acceptOffer(driverJobPorts(), requireCaller(request), offerId));
    },
    'POST /v1/offers/{offerId}/decline': async (request) => {
      const { offerId } = parseInput(offerPath, request.pathParameters, 'path');
      parseInput(noBody, request.body ?? {}, 'body');
      await declineOffer(dispatchPorts(), requireCaller(request), offerId);
      return ok({ offerId, status: 'DECLINED' });
    },
    'GET /v1/jobs/{jobId}': async (request) => {
      const { jobId } = parseInput(jobPath, request.pathParameters, 'path');
      return ok(await getJobForDriver(driverJobPorts(), requireCaller(request), jobId));
    },
    'POST /v1/jobs/{jobId}/pickup': async (request) => {
      const { jobId } = parseInput(jobPath, request.pathParameters, 'path');
      parseInput(noBody, request.body ?? {}, 'body');
      return ok(await pickUp(driverJobPorts(), requireCaller(request), jobId));
    },
    'POST /v1/jobs/{jobId}/deliver': async (request) => {
      const { jobId } = parseInput(jobPath, request.pathParameters, 'path');
      // A ride's drop-off needs nothing (no code, the passenger is the recipient): no body is fine.
      const input = parseInput(deliverBody, request.body ?? {}, 'body');
      return ok(await deliver(driverJobPorts(), requireCaller(request), jobId, input));
    },
    'POST /v1/jobs/{jobId}/fail': async (request) => {
      const { jobId } = parseInput(jobPath, request.pathParameters, 'path');
      return ok(await failJob(driverJobPorts(), requireCaller(request), jobId, parseInput(failBody, request.body, 'body')));
    },
  },
  { idempotent: true },
);
