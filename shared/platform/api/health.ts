import * as z from 'zod';
import { defineContract } from '../http/operation.ts';

export const healthContract = defineContract({
  'GET /v1/health': {
    tag: 'Anyone',
    summary: 'Is the API up?',
    description: 'A liveness probe: it reads nothing, so it answers even when a dependency is down.',
    responses: { 200: { description: 'Up.', schema: z.strictObject({ status: z.literal('ok') }), example: { status: 'ok' } } },
  },
});
