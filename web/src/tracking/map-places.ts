/**
 * What a journey's map shows, in the same words as its legend: where it starts (the pharmacy, the
 * stall, the pickup), where it goes (only an area on the public tracking page; the point itself on
 * a citizen's own page) and the driver's last reported position. Plain data, so that a page can
 * say it before Leaflet has even loaded.
 */
export type PlaceKind = 'start' | 'area' | 'end' | 'driver';

export interface MapPlace {
  readonly kind: PlaceKind;
  readonly at: { readonly lat: number; readonly lng: number };
  /** Said in the legend and in the marker's tooltip. */
  readonly label: string;
}

/** The places that are known, in the legend's order. */
export const placesOf = (...places: (MapPlace | false | null | undefined)[]): MapPlace[] => places.filter((place): place is MapPlace => Boolean(place));
