/**
 * The simulation's small world: a seeded random source (a run can be repeated), distances as the
 * fares count them, points around a place, and the kecamatan a point lies in (the nearest
 * centre: good enough for an address the API only checks against the list).
 */
import reference from '../../shared/reference/banyuwangi.json' with { type: 'json' };
import type { Weighted } from './scenarios.ts';

export interface Point {
  readonly lat: number;
  readonly lng: number;
}

/** mulberry32: small, fast, and the same sequence for the same seed. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  between(range: readonly [number, number]): number {
    return range[0] + (range[1] - range[0]) * this.next();
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(share: number): boolean {
    return this.next() < share;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(items: readonly Weighted<T>[]): T {
    const total = items.reduce((sum, item) => sum + item.weight, 0);
    let left = this.next() * total;
    for (const item of items) {
      left -= item.weight;
      if (left < 0) return item.value;
    }
    return items[items.length - 1]!.value;
  }

  /** The wait until the next arrival of a Poisson process of `perSecond`. */
  exponential(perSecond: number): number {
    return -Math.log(1 - this.next()) / perSecond;
  }
}

const EARTH_KM = 6371;
const rad = (degrees: number): number => (degrees * Math.PI) / 180;

export function greatCircleKm(a: Point, b: Point): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.sqrt(h));
}

/** As fares and delivery fees count a trip: the great circle × 1.3 for the roads. */
export const roadKm = (a: Point, b: Point): number => greatCircleKm(a, b) * 1.3;

const BBOX = reference.regency.bbox;

/** A point `km` from `from` in a random direction, kept inside the regency (and off its very edge). */
export function pointAround(random: Random, from: Point, km: readonly [number, number]): Point {
  const distance = random.between(km);
  const bearing = random.next() * 2 * Math.PI;
  const lat = from.lat + (distance / 111.32) * Math.cos(bearing);
  const lng = from.lng + (distance / (111.32 * Math.cos(rad(from.lat)))) * Math.sin(bearing);
  return {
    lat: round6(Math.min(BBOX.maxLat - 0.01, Math.max(BBOX.minLat + 0.01, lat))),
    lng: round6(Math.min(BBOX.maxLng - 0.01, Math.max(BBOX.minLng + 0.01, lng))),
  };
}

/** The point a share of the way from `a` to `b`. */
export function between(a: Point, b: Point, share: number): Point {
  const s = Math.min(1, Math.max(0, share));
  return { lat: round6(a.lat + (b.lat - a.lat) * s), lng: round6(a.lng + (b.lng - a.lng) * s) };
}

export function nearestKecamatan(point: Point): string {
  let best = reference.kecamatan[0]!;
  for (const k of reference.kecamatan) if (greatCircleKm(point, k) < greatCircleKm(point, best)) best = k;
  return best.name;
}

export const KECAMATAN_CENTRES: readonly { readonly name: string; readonly lat: number; readonly lng: number }[] = reference.kecamatan.map((k) => ({
  name: k.name,
  lat: k.lat,
  lng: k.lng,
}));

export const REGENCY_BBOX = BBOX;

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

const FIRST = ['Agus', 'Bagus', 'Dewi', 'Eko', 'Fitri', 'Hadi', 'Indah', 'Joko', 'Kartika', 'Lestari', 'Made', 'Nur', 'Putu', 'Rina', 'Sari', 'Teguh', 'Wahyu', 'Yuni', 'Slamet', 'Ratna', 'Bambang', 'Siti', 'Wulan', 'Rizal'];
const LAST = ['Prasetyo', 'Wibowo', 'Lestari', 'Santoso', 'Hidayat', 'Rahayu', 'Kusuma', 'Saputra', 'Wulandari', 'Setiawan', 'Suryani', 'Nugroho', 'Handoko', 'Maharani'];

export const personName = (random: Random): string => `${random.pick(FIRST)} ${random.pick(LAST)}`;

const STREETS = ['Jl. Ahmad Yani', 'Jl. Diponegoro', 'Jl. Gajah Mada', 'Jl. Brawijaya', 'Jl. Letkol Istiqlah', 'Jl. Hasanudin', 'Jl. Kepiting', 'Jl. Raya Jember', 'Jl. Adi Sucipto', 'Jl. Sudirman'];

export const streetAddress = (random: Random): string => `${random.pick(STREETS)} No. ${random.int(1, 150)}`;
