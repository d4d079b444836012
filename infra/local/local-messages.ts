/**
 * The local outbox, read: `GET /local/messages?phone=+628…` answers the messages the
 * notifications consumer "sent" to that phone on this runtime, newest first, so a newcomer (and
 * the integration tests) can read what a patient, a citizen or a merchant would have received.
 * Like /local/token, part of the local runtime only: no API operation, absent on AWS.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { phoneSchema } from '#platform/schemas';
import { localMessages } from '#notification/adapters/local-outbox-channel';
import type { Reply } from './http-api.ts';

export const LOCAL_MESSAGES_PATH = '/local/messages';

/** The answer's shape; test/integration/support/contract.ts checks every answer against it. */
export const localMessagesResponseSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      to: z.string().regex(/^\+628\d{7,11}$/),
      channel: z.literal('LOCAL'),
      template: z.string().min(1),
      text: z.string().min(1),
      ref: z.string().min(1),
      sentAt: z.iso.datetime(),
    }),
  ),
});

/** Envelope of a refusal, as the API's (`{"error":{"code","message","details"}}`). */
export const localErrorSchema = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string(), details: z.array(z.strictObject({ path: z.string(), message: z.string() })) }),
});

const reply = (status: number, body: unknown): Reply => ({
  status,
  headers: [
    ['content-type', 'application/json'],
    ['cache-control', 'no-store'],
  ],
  body: Buffer.from(JSON.stringify(body)),
});

export function localMessagesReader(documents: () => DynamoDBDocumentClient, tableName: () => string): (rawQueryString: string) => Promise<Reply> {
  return async (rawQueryString) => {
    // A `+` left unencoded in the query reads as a space; trimmed, 628… is still the number.
    const raw = new URLSearchParams(rawQueryString).get('phone')?.trim();
    const phone = phoneSchema.safeParse(raw ?? '');
    if (!phone.success) {
      return reply(400, {
        error: { code: 'VALIDATION_FAILED', message: 'Give the phone whose messages to read: ?phone=+628…', details: [{ path: 'phone', message: 'must be an Indonesian mobile number' }] },
      });
    }
    return reply(200, { items: await localMessages(documents(), tableName(), phone.data) });
  };
}
