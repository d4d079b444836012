/**
 * The rules about recipients that hold whatever the channel: who said STOP, how many messages a
 * phone may get, and how a phone shows in a log line.
 */

/** A reply that is one of these words (any case, punctuation around it ignored) opts the phone out… */
export const OPT_OUT_WORDS: readonly string[] = ['STOP', 'BERHENTI'];
/** …and one of these opts it back in. */
export const OPT_IN_WORDS: readonly string[] = ['START', 'MULAI'];

const commandWord = (text: string): string =>
  text
    .normalize('NFKC')
    .trim()
    .replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
    .toUpperCase();

export const isOptOut = (text: string): boolean => OPT_OUT_WORDS.includes(commandWord(text));
export const isOptIn = (text: string): boolean => OPT_IN_WORDS.includes(commandWord(text));

/**
 * At most this many messages to one phone in one clock hour (WIB and UTC hours coincide):
 * a family phone behind many orders, or a loop somewhere, must not flood it. A fixed window, so
 * across an hour's turn a phone can get up to twice the limit within sixty minutes.
 */
export const RATE_LIMIT = { messages: 10, per: 'hour' } as const;

/** The window an instant falls in, e.g. `2026-11-30T03`. */
export const rateWindow = (at: Date): string => at.toISOString().slice(0, 13);

/** As the channels hand a phone over (628…, +628…, 08…) → E.164 (+628…), the form orders store. */
export function e164(phone: string): string {
  const digits = phone.replace(/[\s()-]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('0')) return `+62${digits.slice(1)}`;
  return `+${digits}`;
}

/** For log lines: the country code and the last three digits, e.g. `+62******890`. */
export function maskPhone(phone: string): string {
  const visibleEnd = 3;
  const start = phone.startsWith('+62') ? 3 : 1;
  if (phone.length <= start + visibleEnd) return '*'.repeat(phone.length);
  return `${phone.slice(0, start)}${'*'.repeat(phone.length - start - visibleEnd)}${phone.slice(-visibleEnd)}`;
}
