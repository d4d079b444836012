import type { Location } from '../../platform/service-area.ts';
import { EARTH_RADIUS_KM, havFrom, haversineKm, kmFromHav, RAD } from '../../kernel/great-circle.ts';

export { EARTH_RADIUS_KM, haversineKm };

/**
 * Distances and the geo index's cell scheme. Pure arithmetic: no dependencies, nothing native.
 *
 * Cells are a plain latitude/longitude grid: a cell is the pair of integers
 * `row = floor(lat × cellsPerDegree)`, `col = floor(lng × cellsPerDegree)`. With the dispatch
 * default of 50 cells per degree a cell is 0.02° square: 2.22 km north–south and 2.20 km
 * east–west at Banyuwangi's latitude (≈ 4.9 km²), so the regency (0.90° × 0.77°) spans about
 * 45 × 39 cells. The grid does not wrap at the antimeridian and is meant for |lat| < 80°, which
 * holds for every place Gancang serves.
 *
 * The search needs two guarantees, both proven from the haversine formula
 *   hav θ = sin²(Δφ/2) + cos φ₁ · cos φ₂ · sin²(Δλ/2)
 * by bounding each term from below: a cell's (or a ring's) lower bound is never more than the
 * computed distance to any point inside it. A small slack (1 mm) absorbs floating-point rounding,
 * so that "bound > best" really means "nothing in there can be as near as best".
 */

const BOUND_SLACK_KM = 1e-6;

/**
 * Distances from one fixed point, with its trigonometry computed once. `km(to)` is bit-for-bit
 * `haversineKm(origin, to)`, so a search that uses it ranks exactly as a brute-force scan does.
 */
export class DistanceFrom {
  private readonly latRad: number;
  private readonly lngRad: number;
  private readonly cosLat: number;

  constructor(readonly origin: Location) {
    this.latRad = origin.lat * RAD;
    this.lngRad = origin.lng * RAD;
    this.cosLat = Math.cos(this.latRad);
  }

  km(to: Location): number {
    return kmFromHav(havFrom(this.latRad, this.lngRad, this.cosLat, to.lat, to.lng));
  }

  /**
   * Half-widths in degrees of a lat/lng box that holds every point within `km` of the origin
   * (slightly widened): a point outside it is certainly farther than `km`.
   */
  boxDegrees(km: number): { readonly lat: number; readonly lng: number } {
    const angle = km / EARTH_RADIUS_KM;
    const lat = (angle / RAD) * (1 + 1e-9) + 1e-9;
    // The widest longitude of a spherical cap is asin(sin θ / cos φ), if the cap misses the pole.
    const lng =
      angle >= Math.PI / 2 - Math.abs(this.latRad) - 1e-6 ? Number.POSITIVE_INFINITY : (Math.asin(Math.min(1, Math.sin(angle) / this.cosLat)) / RAD) * (1 + 1e-9) + 1e-9;
    return { lat, lng };
  }

  /** Never more than the distance to any point of the box (lat in [minLat, maxLat], lng in [minLng, maxLng]). */
  lowerBoundToBoxKm(minLat: number, maxLat: number, minLng: number, maxLng: number): number {
    const { lat, lng } = this.origin;
    const dLatRad = Math.max(0, minLat - lat, lat - maxLat) * RAD;
    const dLngRad = Math.max(0, minLng - lng, lng - maxLng) * RAD;
    // cos is smallest at the box's latitude farthest from the equator.
    const cosFarthest = Math.min(Math.cos(minLat * RAD), Math.cos(maxLat * RAD));
    const sinHalfDLat = Math.sin(dLatRad / 2);
    const sinHalfDLng = Math.sin(dLngRad / 2);
    const hav = sinHalfDLat * sinHalfDLat + this.cosLat * cosFarthest * sinHalfDLng * sinHalfDLng;
    return Math.max(0, kmFromHav(hav) - BOUND_SLACK_KM);
  }
}

/** A cell of the grid; its key in storage is `GeoGrid.key(cell)`. */
export interface GeoCell {
  readonly row: number;
  readonly col: number;
}

export interface CellBounds {
  readonly minLat: number;
  readonly maxLat: number;
  readonly minLng: number;
  readonly maxLng: number;
}

export class GeoGrid {
  /** Side of a cell in degrees of latitude and of longitude. */
  readonly cellSizeDeg: number;
  private readonly keyPrefix: string;

  constructor(readonly cellsPerDegree: number) {
    if (!Number.isInteger(cellsPerDegree) || cellsPerDegree < 1 || cellsPerDegree > 10_000) {
      throw new RangeError(`cellsPerDegree must be an integer from 1 to 10000, got ${cellsPerDegree}`);
    }
    this.cellSizeDeg = 1 / cellsPerDegree;
    this.keyPrefix = `g${cellsPerDegree}:`;
  }

  cellOf(location: Location): GeoCell {
    return { row: Math.floor(location.lat * this.cellsPerDegree), col: Math.floor(location.lng * this.cellsPerDegree) };
  }

  /**
   * The cell as a storage key, e.g. `g50:-411:5718`: the resolution comes first, so that keys of
   * another resolution never collide with these (a re-gridding can run side by side).
   */
  key(cell: GeoCell): string {
    return `${this.keyPrefix}${cell.row}:${cell.col}`;
  }

  cellFromKey(key: string): GeoCell {
    const match = /^g(\d+):(-?\d+):(-?\d+)$/.exec(key);
    if (match === null || Number(match[1]) !== this.cellsPerDegree) {
      throw new RangeError(`${JSON.stringify(key)} is not a cell key of the ${this.cellsPerDegree}-per-degree grid`);
    }
    return { row: Number(match[2]), col: Number(match[3]) };
  }

  bounds(cell: GeoCell): CellBounds {
    const n = this.cellsPerDegree;
    return { minLat: cell.row / n, maxLat: (cell.row + 1) / n, minLng: cell.col / n, maxLng: (cell.col + 1) / n };
  }

  /** Size of a cell on the ground at a latitude. */
  cellSizeKm(lat: number): { readonly northSouthKm: number; readonly eastWestKm: number } {
    const northSouthKm = EARTH_RADIUS_KM * this.cellSizeDeg * RAD;
    return { northSouthKm, eastWestKm: northSouthKm * Math.cos(lat * RAD) };
  }

  /**
   * The cells at Chebyshev distance exactly k from `center`: the center itself for k = 0, else
   * the 8k cells of the square's border (top row, bottom row, then the sides).
   */
  ring(center: GeoCell, k: number): GeoCell[] {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`ring index must be a non-negative integer, got ${k}`);
    if (k === 0) return [center];
    const { row, col } = center;
    const cells: GeoCell[] = [];
    for (let c = col - k; c <= col + k; c++) {
      cells.push({ row: row + k, col: c });
      cells.push({ row: row - k, col: c });
    }
    for (let r = row - k + 1; r <= row + k - 1; r++) {
      cells.push({ row: r, col: col - k });
      cells.push({ row: r, col: col + k });
    }
    return cells;
  }

  /** Never more than the distance from `point` to any point of `cell`. */
  cellLowerBoundKm(point: Location | DistanceFrom, cell: GeoCell): number {
    const from = point instanceof DistanceFrom ? point : new DistanceFrom(point);
    const b = this.bounds(cell);
    return from.lowerBoundToBoxKm(b.minLat, b.maxLat, b.minLng, b.maxLng);
  }

  /**
   * Never more than the distance from `point` to any point of ring k around the point's own
   * cell. A point of ring k (k ≥ 1) lies outside the square of rings 0…k−1, so its latitude or
   * its longitude differs from the point's by at least the gap to that square's nearer edge.
   */
  ringLowerBoundKm(point: Location | DistanceFrom, k: number): number {
    if (k === 0) return 0;
    const from = point instanceof DistanceFrom ? point : new DistanceFrom(point);
    const { lat, lng } = from.origin;
    const { row, col } = this.cellOf(from.origin);
    const n = this.cellsPerDegree;
    const latGapRad = Math.max(0, Math.min(lat - (row - k + 1) / n, (row + k) / n - lat)) * RAD;
    const lngGapRad = Math.max(0, Math.min(lng - (col - k + 1) / n, (col + k) / n - lng)) * RAD;
    const cosFarthest = Math.min(Math.cos(((row - k) / n) * RAD), Math.cos(((row + k + 1) / n) * RAD));
    const sinHalfLat = Math.sin(latGapRad / 2);
    const sinHalfLng = Math.sin(lngGapRad / 2);
    const cosLat = Math.cos(lat * RAD);
    const viaLatitude = kmFromHav(sinHalfLat * sinHalfLat);
    const viaLongitude = kmFromHav(cosLat * cosFarthest * sinHalfLng * sinHalfLng);
    return Math.max(0, Math.min(viaLatitude, viaLongitude) - BOUND_SLACK_KM);
  }
}

/** The grid of the dispatch geo index: 0.02° cells (≈ 2.2 km square in Banyuwangi). */
export const DISPATCH_GRID = new GeoGrid(50);

/**
 * The grid drivers are stored under in DynamoDB: 0.1° blocks (≈ 11 km), each exactly 5 × 5
 * matching cells (50 is a multiple of 10, so the grids nest). Matching walks the fine cells; the
 * index reads each block once per search. A search that finds nobody within 30 km then costs at
 * most ~50 queries instead of ~800, and one that finds a driver nearby usually one to four.
 */
export const STORAGE_GRID = new GeoGrid(10);

/** The storage block that holds a matching cell (the grids nest, so any point of it will do). */
export function blockOf(cell: GeoCell, fine: GeoGrid = DISPATCH_GRID, coarse: GeoGrid = STORAGE_GRID): GeoCell {
  const ratio = fine.cellsPerDegree / coarse.cellsPerDegree;
  return { row: Math.floor(cell.row / ratio), col: Math.floor(cell.col / ratio) };
}
