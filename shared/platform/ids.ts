import { randomBytes, randomInt } from 'node:crypto';
import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

export interface IdGenerator {
  /** A sortable, opaque id prefixed by kind, e.g. `mo_01JD…`. */
  next(prefix: string): string;
}

export const ulidIds: IdGenerator = { next: (prefix) => `${prefix}_${nextUlid()}` };

/** 128 random bits, URL-safe: unguessable, so it can stand alone as a capability (tracking). */
export const newSecretToken = (): string => randomBytes(16).toString('base64url');

/** A 6-digit code the patient tells the driver at the door. */
export const newDeliveryCode = (): string => randomInt(0, 1_000_000).toString().padStart(6, '0');
