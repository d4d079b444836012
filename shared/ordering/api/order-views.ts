/** Response schemas every order kind shares: a cancellation asked of dispatch, and its refusal. */
import * as z from 'zod';
import { instantView } from '../../platform/http/views.ts';

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
