import * as z from 'zod';

/** A recipient's reply, as recordReply takes it: who wrote (E.164), what, and when. */
export interface InboundReply {
  readonly from: string;
  readonly text: string;
  readonly at: Date;
}

/** One SNS record as Lambda receives it, the part read here. */
export interface InboundRecord {
  readonly Sns: { readonly Message: string; readonly Timestamp: string };
}

/**
 * End User Messaging Social publishes every WhatsApp webhook event (replies and the statuses of
 * what we sent) with an AWS header; the WhatsApp payload itself is a JSON string inside it.
 */
const whatsAppEvent = z.object({ whatsAppWebhookEntry: z.string() });
const whatsAppEntry = z.object({
  changes: z.array(
    z.object({
      value: z.object({
        messages: z
          .array(
            z.object({
              from: z.string().regex(/^\+?\d{6,15}$/),
              timestamp: z.string().regex(/^\d+$/),
              type: z.string(),
              text: z.object({ body: z.string() }).optional(),
              // A tap on a template's quick-reply button (e.g. "BERHENTI") arrives as its label.
              button: z.object({ text: z.string() }).optional(),
            }),
          )
          .optional(),
      }),
    }),
  ),
});

/** End User Messaging SMS publishes each incoming SMS to a two-way number as this object. */
const smsEvent = z.object({
  originationNumber: z.string().regex(/^\+\d{6,15}$/),
  messageBody: z.string(),
});

/**
 * The replies in one record of the inbound topic, from either channel. Status events (sent,
 * delivered, read, failed), media and anything unrecognised carry no reply: none, and no error,
 * since a retry would read the same record again. `unread` counts what was left for the logs.
 */
export function repliesIn(record: InboundRecord): { readonly replies: InboundReply[]; readonly unread: number } {
  const payload = jsonOf(record.Sns.Message);
  const sms = smsEvent.safeParse(payload);
  if (sms.success) return { replies: [{ from: sms.data.originationNumber, text: sms.data.messageBody, at: new Date(record.Sns.Timestamp) }], unread: 0 };

  const event = whatsAppEvent.safeParse(payload);
  const entry = event.success ? whatsAppEntry.safeParse(jsonOf(event.data.whatsAppWebhookEntry)) : undefined;
  if (!entry?.success) return { replies: [], unread: 1 };
  const replies = entry.data.changes.flatMap(({ value }) =>
    (value.messages ?? []).flatMap((message) => {
      const text = message.text?.body ?? message.button?.text;
      if (text === undefined) return [];
      // WhatsApp writes the number without the plus; the rest of Gancang keeps E.164.
      const from = message.from.startsWith('+') ? message.from : `+${message.from}`;
      return [{ from, text, at: new Date(Number(message.timestamp) * 1000) }];
    }),
  );
  return { replies, unread: 0 };
}

function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
