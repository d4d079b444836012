import * as z from 'zod';
import { canonicalKecamatanName, KECAMATAN } from './service-area.ts';

/**
 * Shared request schemas for the data conventions of DESIGN.md: phone, NIK, location, address.
 * The service-area check is a domain rule (422), not a schema rule, so it is not here.
 */

/** Accepts 08…, 628…, +628… (spaces and dashes allowed); yields E.164 +628…. */
export const phoneSchema = z
  .string()
  .max(32)
  .transform((raw) => raw.replace(/[\s-]/g, ''))
  .transform((digits) =>
    digits.startsWith('+62') ? digits : digits.startsWith('62') ? `+${digits}` : digits.startsWith('0') ? `+62${digits.slice(1)}` : digits,
  )
  .pipe(z.string().regex(/^\+628\d{7,11}$/, 'must be an Indonesian mobile number: 08…, 628… or +628…'));

/** Nomor Induk Kependudukan: 16 digits. */
export const nikSchema = z.string().regex(/^\d{16}$/, 'must be 16 digits');

export const locationSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});

export const kecamatanSchema = z
  .string()
  .max(64)
  .transform((name, ctx) => {
    const canonical = canonicalKecamatanName(name);
    if (canonical === undefined) {
      ctx.addIssue({ code: 'custom', message: `must be one of the 25 kecamatan of Banyuwangi: ${KECAMATAN.join(', ')}` });
      return z.NEVER;
    }
    return canonical;
  });

/** A lone UTF-16 surrogate is not text: DynamoDB (and every client after it) may choke on it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const wellFormed = (value: string): boolean => !LONE_SURROGATE.test(value);

const text = (max: number) => z.string().trim().min(1).max(max).refine(wellFormed, 'must be valid Unicode text');

export const addressSchema = z.strictObject({
  street: text(200),
  rt: z.string().regex(/^\d{1,3}$/, 'must be 1 to 3 digits').optional(),
  rw: z.string().regex(/^\d{1,3}$/, 'must be 1 to 3 digits').optional(),
  desa: text(100),
  kecamatan: kecamatanSchema,
});

export const nameSchema = text(120);

/** A login subject (JWT `sub`), as listed in staff and operator lists. */
export const subjectSchema = text(128);

/** Path ids are opaque, but bounded and URL-safe, so junk never reaches a key condition. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a valid id');

export { text as boundedText };
