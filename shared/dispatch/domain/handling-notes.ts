import type { DispatchJob } from './dispatch-job.ts';

/**
 * What every driver of a kind of job is told on accepting it. It follows from the kind alone,
 * so no free text travels with the job.
 */
export const HANDLING_NOTES: Readonly<Record<DispatchJob['kind'], string | undefined>> = {
  MEDICINE:
    'Sealed medicine package from the pharmacy: do not open it. Hand it over only after the patient or family tells you the delivery code.',
  FOOD: 'Pesta Kuliner Go-Food order: collect it at the merchant’s stall and keep it upright. No delivery code is needed.',
  RIDE: undefined,
};
