/**
 * The words of a job that job events leave out: the driver's first name, who received the goods,
 * and the driver's reason for a failed delivery. Dispatch keeps them with the driver and the job;
 * ordering's job-events consumer reads them in process when it applies an event, so no name or
 * free text ever travels on a queue. Dispatch implements it (shared/dispatch/application/job-particulars.ts).
 */
export interface JobParticulars {
  /** The first name the public and the owner see; undefined for an unknown driver. */
  driverFirstName(driverId: string): Promise<string | undefined>;
  /** How the job ended, as the driver reported it; undefined for an unknown job. */
  outcome(jobId: string): Promise<{ readonly deliveredTo?: string; readonly failureReason?: string } | undefined>;
}
