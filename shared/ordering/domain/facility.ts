import * as z from 'zod';
import { ForbiddenError } from '../../platform/errors.ts';
import { hasRole, type Caller } from '../../platform/http/caller.ts';
import { boundedText, kecamatanSchema, locationSchema, phoneSchema, subjectSchema } from '../../platform/schemas.ts';
import type { Location } from '../../platform/service-area.ts';

/** A hospital or puskesmas whose pharmacy hands medicines to drivers. */
export interface Facility {
  readonly facilityId: string;
  readonly name: string;
  readonly kind: FacilityKind;
  readonly kecamatan: string;
  readonly location: Location;
  /** The pharmacy's phone, which a patient whose delivery failed is told to call. */
  readonly phone?: string;
  /** Subjects (JWT `sub`) of the pharmacy staff who act for this facility. */
  readonly staff: readonly string[];
  readonly createdAt: string;
}

export const FACILITY_KINDS = ['HOSPITAL', 'PUSKESMAS'] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];


export const registerFacilitySchema = z.strictObject({
  name: boundedText(120),
  kind: z.enum(FACILITY_KINDS),
  kecamatan: kecamatanSchema,
  location: locationSchema,
  /** A mobile number, as the pharmacies' desks use (WhatsApp): the schema the patients' phones have. */
  phone: phoneSchema.optional().meta({ description: 'The pharmacy\'s mobile number (08…, 628… or +628…): a patient whose delivery failed is told to call it.', example: '0812-3342-1234' }),
  staff: z
    .array(subjectSchema)
    .max(98) // one DynamoDB transaction writes the facility, its name guard and one item per staff member: 100 at most
    .default([])
    .refine((subs) => new Set(subs).size === subs.length, 'must not list a subject twice'),
});
export type RegisterFacility = z.infer<typeof registerFacilitySchema>;

/** Admins act for every facility; pharmacy staff only for the facilities that list them. */
export function assertActsForFacility(caller: Caller, facility: Facility): void {
  if (hasRole(caller, 'admin')) return;
  if (hasRole(caller, 'pharmacy') && facility.staff.includes(caller.sub)) return;
  throw new ForbiddenError('You do not act for this facility');
}

/** What a caller sees of a facility: staff subjects only for admins. */
export type FacilityView = Omit<Facility, 'staff'> & { readonly staff?: readonly string[] };

export function facilityView(facility: Facility, caller: Caller): FacilityView {
  const { staff, ...rest } = facility;
  return hasRole(caller, 'admin') ? { ...rest, staff } : rest;
}
