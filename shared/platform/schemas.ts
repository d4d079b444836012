import * as z from 'zod';
import { canonicalKecamatanName, KECAMATAN } from './service-area.ts';

/**
 * Shared request schemas for the API's data conventions: phone, NIK, location, address.
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
  .pipe(z.string().regex(/^\+628\d{7,11}$/, 'must be an Indonesian mobile number: 08…, 628… or +628…'))
  .meta({ description: 'An Indonesian mobile number: 08…, 628… or +628… (spaces and dashes allowed); stored as +628….', example: '0812-3450-0001' });

/** Nomor Induk Kependudukan: 16 digits. */
export const nikSchema = z.string().regex(/^\d{16}$/, 'must be 16 digits').meta({ description: 'Nomor Induk Kependudukan: 16 digits.' });

export const locationSchema = z
  .strictObject({
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
  })
  .meta({ id: 'LocationInput', description: 'A point in Banyuwangi (else 422 `OUTSIDE_SERVICE_AREA`).' });

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
  })
  .meta({ description: `One of the 25 kecamatan of Banyuwangi, in any letter case: ${KECAMATAN.join(', ')}.`, example: 'Banyuwangi' });

/**
 * What text people type may hold. Refused: a lone UTF-16 surrogate (not text at all: DynamoDB and
 * every client after it may choke on it), control characters such as NUL (invisible, and refused
 * by SQS and by many databases and terminals), and Unicode noncharacters such as U+FFFE and
 * U+FFFF (reserved for a program's internal use, never for interchange). Emoji, letters and
 * marks of any script, and the zero-width joiner that emoji sequences use are all text.
 */
const NOT_TEXT = /[\p{Cs}\p{Cc}\p{Noncharacter_Code_Point}]/u;
/** The same, for text that may run over several lines: a line break (LF, CR) is text there. */
const NOT_MULTILINE_TEXT = /[\p{Cs}\p{Noncharacter_Code_Point}\0-\x09\x0B\x0C\x0E-\x1F\x7F-\x9F]/u;

const codePointName = (char: string): string => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Whether a string is text that the API accepts (see NOT_TEXT). */
export const wellFormed = (value: string, { multiline = false } = {}): boolean => !(multiline ? NOT_MULTILINE_TEXT : NOT_TEXT).test(value);

/**
 * The one schema of free text in requests (names, streets, notes, reasons, descriptions…):
 * trimmed, 1 to `max` UTF-16 units, and text only (see NOT_TEXT). `multiline` lets notes and
 * descriptions keep their line breaks.
 */
const text = (max: number, { multiline = false }: { multiline?: boolean } = {}) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .superRefine((value, ctx) => {
      const found = (multiline ? NOT_MULTILINE_TEXT : NOT_TEXT).exec(value);
      if (found) ctx.addIssue({ code: 'custom', message: `must be text: ${codePointName(found[0])} is not allowed (control character, lone surrogate or noncharacter)` });
    });

export const addressSchema = z.strictObject({
  street: text(200),
  rt: z.string().regex(/^\d{1,3}$/, 'must be 1 to 3 digits').optional(),
  rw: z.string().regex(/^\d{1,3}$/, 'must be 1 to 3 digits').optional(),
  desa: text(100),
  kecamatan: kecamatanSchema,
}).meta({ id: 'AddressInput' });

export const nameSchema = text(120);

/** A login subject (JWT `sub`), as listed in staff and operator lists. */
export const subjectSchema = text(128);

/**
 * Every date and time the API takes lies in these years. Gancang's records start in 2020, and
 * nothing is planned past 2100: a date outside is a typo (or a probe), and past year 9999 it is
 * not even ISO-8601, so it is refused at the edge instead of reaching date arithmetic.
 */
export const DATE_RANGE = { fromYear: 2020, toYear: 2100 } as const;
const EARLIEST_MS = Date.UTC(DATE_RANGE.fromYear, 0, 1) - 7 * 3_600_000;
const LATEST_MS = Date.UTC(DATE_RANGE.toYear + 1, 0, 1) - 7 * 3_600_000;
const inDateRange = (iso: string): boolean => {
  const at = Date.parse(iso);
  return Number.isFinite(at) && at >= EARLIEST_MS && at < LATEST_MS;
};
const OUT_OF_RANGE = `must lie between ${DATE_RANGE.fromYear} and ${DATE_RANGE.toYear}`;

/** An instant, ISO-8601 with its offset (WIB is +07:00). */
export const instantSchema = z.iso
  .datetime({ offset: true, message: 'must be ISO-8601 with an offset, e.g. 2026-12-18T10:00:00+07:00', abort: true })
  .refine(inDateRange, OUT_OF_RANGE)
  .meta({ description: 'ISO-8601 with an offset (WIB is +07:00), between 2020 and 2100.', example: '2026-12-18T10:00:00+07:00' });

/** A WIB calendar day, YYYY-MM-DD. A malformed day gets one detail, not also the range's (`abort`). */
export const daySchema = z.iso
  .date({ message: 'must be a WIB day, YYYY-MM-DD', abort: true })
  .refine((day) => inDateRange(`${day}T00:00:00+07:00`), OUT_OF_RANGE)
  .meta({ description: 'A WIB calendar day, YYYY-MM-DD, between 2020 and 2100.', example: '2026-12-18' });

/** Path ids are opaque, but bounded and URL-safe, so junk never reaches a key condition. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a valid id');

export { text as boundedText };

/**
 * A name as uniqueness rules compare it (a facility, a taxi company, a merchant in its desa, a
 * festival): without regard to letter case, runs of spaces, or how a character was encoded.
 */
export const comparableName = (name: string): string => name.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
