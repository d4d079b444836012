import { httpFunction } from '#platform/http/http-function';
import { routesOf } from '#platform/http/operation';
import { ok, requireCaller } from '#platform/http/request';
import { driverJobContract } from '#dispatch/api/driver-jobs';
import { acceptOffer, declineOffer, deliver, failJob, getJobForDriver, listOffers, pickUp, type DriverJobPorts } from '#dispatch/application/driver-actions';
import { dispatchPorts } from '#dispatch/adapters/dispatch-adapters';
import { orderingDeliveryContacts } from '#wiring/delivery-contacts-wiring';

let ports: DriverJobPorts | undefined;
/** Dispatch's ports, and ordering's DeliveryContacts module interface for the recipient's contact. */
const driverJobPorts = (): DriverJobPorts => (ports ??= { ...dispatchPorts(), contacts: orderingDeliveryContacts() });

/** The driver's side of a job: offers, accept or decline, pick up, deliver, or report failure. */
export const handler = httpFunction(
  routesOf(driverJobContract, {
    'GET /v1/drivers/me/offers': async ({ request }) => ok({ items: await listOffers(dispatchPorts(), requireCaller(request)) }),
    'POST /v1/offers/{offerId}/accept': async ({ path, request }) => ok(await acceptOffer(driverJobPorts(), requireCaller(request), path.offerId)),
    'POST /v1/offers/{offerId}/decline': async ({ path, request }) => {
      await declineOffer(dispatchPorts(), requireCaller(request), path.offerId);
      return ok({ offerId: path.offerId, status: 'DECLINED' });
    },
    'GET /v1/jobs/{jobId}': async ({ path, request }) => ok(await getJobForDriver(driverJobPorts(), requireCaller(request), path.jobId)),
    'POST /v1/jobs/{jobId}/pickup': async ({ path, request }) => ok(await pickUp(driverJobPorts(), requireCaller(request), path.jobId)),
    'POST /v1/jobs/{jobId}/deliver': async ({ path, body, request }) => ok(await deliver(driverJobPorts(), requireCaller(request), path.jobId, body ?? {})),
    'POST /v1/jobs/{jobId}/fail': async ({ path, body, request }) => ok(await failJob(driverJobPorts(), requireCaller(request), path.jobId, body)),
  }),
  { idempotent: true },
);
