import reference from '../reference/banyuwangi.json' with { type: 'json' };

/**
 * The Banyuwangi service area: the regency's bounding box (from the Kemendagri desa polygons,
 * see shared/reference/banyuwangi.json) and its 25 kecamatan.
 */
export const SERVICE_AREA = reference.regency.bbox;

export const KECAMATAN: readonly string[] = reference.kecamatan.map((k) => k.name);

const canonicalKecamatan = new Map(KECAMATAN.map((name) => [name.toLowerCase(), name]));

/** The canonical spelling of a kecamatan, accepting any letter case; undefined if unknown. */
export const canonicalKecamatanName = (name: string): string | undefined =>
  canonicalKecamatan.get(name.trim().toLowerCase());

export interface Location {
  readonly lat: number;
  readonly lng: number;
}

const centres = new Map(reference.kecamatan.map((k) => [k.name, { lat: k.lat, lng: k.lng } satisfies Location]));

/**
 * The centre of a kecamatan (its point in the reference data), to show an area without its
 * doors. Takes the canonical spelling, as every stored address has it (kecamatanSchema).
 */
export function kecamatanCentre(kecamatan: string): Location {
  const centre = centres.get(kecamatan);
  if (!centre) throw new Error(`'${kecamatan}' is not a kecamatan of Banyuwangi`);
  return centre;
}

/**
 * A point blurred to a grid of `decimals` decimal degrees (2: about 1 km, 3: about 100 m here),
 * for those who need the neighbourhood of a place but not its door.
 */
export function coarseLocation({ lat, lng }: Location, decimals: 2 | 3): Location {
  const factor = 10 ** decimals;
  return { lat: Math.round(lat * factor) / factor, lng: Math.round(lng * factor) / factor };
}

export const isInServiceArea = ({ lat, lng }: Location): boolean =>
  lat >= SERVICE_AREA.minLat && lat <= SERVICE_AREA.maxLat && lng >= SERVICE_AREA.minLng && lng <= SERVICE_AREA.maxLng;
