/**
 * The HTTP contract of the facility register: the hospitals and puskesmas whose pharmacies use
 * Gancang Aron. The handler parses with these schemas (functions/ordering/facilities.ts) and the
 * OpenAPI document is generated from them.
 */
import * as z from 'zod';
import { defineContract, type ViewFits } from '../../platform/http/operation.ts';
import { addressView, instantView, locationView, pageOf } from '../../platform/http/views.ts';
import { pageQuerySchema } from '../../platform/pagination.ts';
import { idSchema } from '../../platform/schemas.ts';
import { FACILITY_KINDS, registerFacilitySchema, type facilityView } from '../domain/facility.ts';

export const facilityResource = z
  .strictObject({
    facilityId: z.string(),
    name: z.string(),
    kind: z.enum(FACILITY_KINDS),
    kecamatan: addressView.shape.kecamatan,
    location: locationView,
    phone: z.string().optional().meta({ description: 'The pharmacy\'s phone (E.164), when registered: told to a patient whose delivery failed.' }),
    staff: z
      .array(z.string())
      .optional()
      .meta({ description: 'Admins only: the subjects (JWT `sub`) of the pharmacy staff who act for this facility. Pharmacy staff do not get it.' }),
    createdAt: instantView,
  })
  .meta({ id: 'Facility', description: 'A hospital or puskesmas whose pharmacy hands medicines to Gancang Aron drivers.' });

const EXAMPLE_FACILITY: z.input<typeof facilityResource> = {
  facilityId: 'fac_puskesmas-kertosari',
  name: 'Puskesmas Kertosari',
  kind: 'PUSKESMAS',
  kecamatan: 'Banyuwangi',
  location: { lat: -8.2262, lng: 114.3627 },
  phone: '+6281233421234',
  staff: ['apoteker-kertosari'],
  createdAt: '2026-11-30T08:00:00+07:00',
};

const TAG = 'Admin: facilities';

export const facilityContract = defineContract({
  'POST /v1/facilities': {
    tag: TAG,
    summary: 'Register a hospital or puskesmas',
    description:
      'Admins register a facility with its location in Banyuwangi (else 422 `OUTSIDE_SERVICE_AREA`) and the subjects of the pharmacy staff ' +
      'who act for it (at most 98). A name already registered, in any letter case, is 409 `FACILITY_EXISTS`.',
    body: registerFacilitySchema,
    responses: { 201: { description: 'The facility, with its staff.', schema: facilityResource, example: EXAMPLE_FACILITY } },
    refusals: { 403: ['FORBIDDEN'], 409: ['FACILITY_EXISTS'], 422: ['OUTSIDE_SERVICE_AREA'] },
    example: {
      body: {
        name: 'Puskesmas Kertosari',
        kind: 'PUSKESMAS',
        kecamatan: 'Banyuwangi',
        location: { lat: -8.2262, lng: 114.3627 },
        phone: '0812-3342-1234',
        staff: ['apoteker-kertosari'],
      } satisfies z.input<typeof registerFacilitySchema>,
    },
  },
  'GET /v1/facilities': {
    tag: TAG,
    summary: 'List facilities',
    description: 'Admins list every facility, by name; pharmacy staff the facilities they act for. Only admins see `staff`.',
    query: z.strictObject(pageQuerySchema),
    responses: {
      200: {
        description: 'A page of facilities.',
        schema: pageOf(facilityResource),
        example: { items: [EXAMPLE_FACILITY], nextCursor: null },
      },
    },
    refusals: { 400: ['INVALID_CURSOR'], 403: ['FORBIDDEN'] },
    example: { query: { limit: '5' } },
  },
  'GET /v1/facilities/{facilityId}': {
    tag: TAG,
    summary: 'Read one facility',
    description: 'Admins read any facility; pharmacy staff only one that lists them (else 403). Only admins see `staff`.',
    path: z.object({ facilityId: idSchema.meta({ example: 'fac_rsud-blambangan' }) }),
    responses: {
      200: {
        description: 'The facility.',
        schema: facilityResource,
        example: {
          facilityId: 'fac_rsud-blambangan',
          name: 'RSUD Blambangan',
          kind: 'HOSPITAL',
          kecamatan: 'Banyuwangi',
          location: { lat: -8.208396, lng: 114.366168 },
          createdAt: '2026-11-30T08:00:00+07:00',
        },
      },
    },
    refusals: { 403: ['FORBIDDEN'], 404: ['NOT_FOUND'] },
  },
});

// The view is what the handler sends: this fails to compile when it stops fitting the schema.
export const facilityViewFits: ViewFits<ReturnType<typeof facilityView>, z.input<typeof facilityResource>> = true;
