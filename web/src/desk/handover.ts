/** What the handover slip prints, beside the delivery code. */

/** The API gives the link absolute where the deployment names the app's origin, else relative. */
export const absoluteTrackingUrl = (trackingUrl: string, origin: string): string => new URL(trackingUrl, origin).toString();

/** Enough to match slip and bag; the full name stays off paper that leaves the pharmacy. */
export const firstName = (name: string): string => name.trim().split(/\s+/)[0] ?? '';
