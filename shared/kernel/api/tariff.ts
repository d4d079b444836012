/**
 * A tariff as the API answers it. Rides (ordering) and taxi companies (dispatch) both show one,
 * so its response schema lives in the kernel beside the fare rules (kernel/fares.ts), registered
 * once in the document.
 */
import * as z from 'zod';

export const tariffView = z
  .strictObject({
    flagFallIdr: z.int(),
    perKmIdr: z.int(),
    minimumFareIdr: z.int(),
  })
  .meta({
    id: 'Tariff',
    description: 'Whole rupiah. Fare = `max(minimumFareIdr, flagFallIdr + ⌈perKmIdr × tenths of a km ÷ 10⌉)` over the road distance (great-circle × 1.3, rounded up to 0.1 km).',
  });
