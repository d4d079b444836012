/**
 * Schemas of what the API answers, shared by every context's contract (see operation.ts): the
 * error envelope, list pages, and the data conventions as they come back (an address, a point,
 * an instant). Response objects are strict: a field the contract does not name is a contract
 * break (and could be a leak), which the integration tests catch.
 */
import * as z from 'zod';
import { KECAMATAN } from '../service-area.ts';

export const errorDetailView = z
  .strictObject({
    path: z.string().optional().meta({ description: 'The field the detail is about, dotted (e.g. `patient.nik`).' }),
    message: z.string(),
  })
  .meta({ id: 'ErrorDetail' });

export const errorEnvelope = z
  .strictObject({
    error: z.strictObject({
      code: z.string().meta({ description: 'Stable, UPPER_SNAKE; what a client branches on.' }),
      message: z.string().meta({ description: 'For people; may change.' }),
      details: z.array(errorDetailView),
    }),
  })
  .meta({ id: 'Error', description: 'Every refusal of the API: a stable code, a message for people, and the fields at fault.' });

/** What the gateway itself answers (401, 403, 404, 413, 429 before any function runs). */
export const gatewayMessage = z
  .strictObject({ message: z.string() })
  .meta({ id: 'GatewayMessage', description: 'An answer of the API gateway itself, before any Gancang code ran (e.g. `{"message":"Unauthorized"}`).' });

export const instantView = z.iso.datetime({ offset: true }).meta({ description: 'ISO-8601 with its offset (WIB is +07:00).' });
export const dayView = z.iso.date();

export const locationView = z.strictObject({ lat: z.number(), lng: z.number() }).meta({ id: 'Location' });

export const addressView = z
  .strictObject({
    street: z.string(),
    rt: z.string().optional(),
    rw: z.string().optional(),
    desa: z.string(),
    kecamatan: z.enum(KECAMATAN as [string, ...string[]]),
  })
  .meta({ id: 'Address' });

/** A page of a list: `nextCursor` goes back as `?cursor=` for the next page, null on the last. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  });
