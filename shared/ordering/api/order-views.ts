/** Response schemas the order kinds share: the assigned driver, attention, a cancellation asked of dispatch and its refusal. */
import * as z from 'zod';
import { instantView } from '../../platform/http/views.ts';
import { ATTENTION_CODES } from '../../kernel/job-events.ts';

export const pendingCancellationView = z
  .strictObject({
    requestedAt: instantView,
    reason: z.string(),
    by: z.enum(['pharmacy', 'citizen', 'merchant', 'admin']).meta({ description: 'The role that asked.' }),
  })
  .meta({ id: 'PendingCancellation', description: 'A cancellation asked of dispatch and not answered yet; poll the order for the outcome.' });

export const cancelRefusalView = z
  .strictObject({
    at: instantView,
    reason: z.string().meta({ description: "The job's status when dispatch refused, e.g. PICKED_UP." }),
  })
  .meta({ id: 'CancelRefusal', description: 'Dispatch refused the last cancellation: the goods were already picked up.' });

/** The driver dispatch assigned, while there is one (kept after pickup, for the record). */
export const assignedDriverView = z
  .strictObject({
    driverId: z.string(),
    firstName: z.string(),
    vehiclePlate: z.string(),
    vehicleType: z.string(),
    companyId: z.string().optional(),
    assignedAt: instantView,
  })
  .meta({ id: 'AssignedDriver', description: 'The driver dispatch assigned, while there is one (kept after pickup, for the record).' });

/** Something the order's owner should look at; cleared when the order moves on. */
export const orderAttentionView = z.strictObject({ code: z.enum(ATTENTION_CODES), since: instantView }).meta({ id: 'OrderAttention' });

/** The web app's page of an order, for the one who placed it (food orders and rides). */
export const ownPageUrlView = (page: string) =>
  z.string().meta({
    description:
      `The citizen's own page of it in the web app (sign-in as that citizen, or an admin): \`<app origin>/${page}\`. ` +
      `Relative (\`/${page}\`) only where the deployment does not name the app's origin; resolve it against the API's origin then.`,
  });

/** The driver's last reported position, when a response shows it (see each field's description for when). */
export const driverPositionView = z.strictObject({ lat: z.number(), lng: z.number(), at: instantView }).meta({ id: 'DriverPosition' });
