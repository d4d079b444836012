/**
 * Words of the citizen's own pages (a food order, a ride), kept out of i18n.ts so the family's
 * tracking page does not carry them: these pages load as their own chunk. Same rule as i18n.ts:
 * the Indonesian dictionary is the shape the English one must fill.
 */
import type { Language } from '../i18n.ts';
import type { FoodOrderStatus, RideStatus } from './citizen-api.ts';

const id = {
  needSignIn: 'Halaman ini hanya untuk pemesannya. Silakan masuk sebagai warga.',
  sessionOver: 'Sesi Anda sudah berakhir. Silakan masuk lagi.',
  signIn: 'Masuk',
  notFoundBody: 'Tidak ditemukan, atau bukan milik akun ini. Periksa tautannya, atau masuk dengan akun yang memesan.',
  food: {
    title: 'Pesanan makanan',
    timeline: 'Perjalanan pesanan',
    notFoundTitle: 'Pesanan tidak ditemukan',
    merchant: 'Warung',
    deliverTo: 'Diantar ke',
    total: 'Total',
    driver: 'Pengantar',
    noDriverYet: 'Belum ada pengantar',
    map: 'Peta: warung, tujuan dan posisi pengantar',
    merchantPlace: (name: string) => `Warung: ${name}`,
    destination: (street: string) => `Tujuan: ${street}`,
    driverPosition: (name: string, time: string) => `${name}, posisi ${time}`,
    status: {
      PLACED: 'Pesanan terkirim ke warung',
      ACCEPTED: 'Diterima warung, sedang dimasak',
      READY: 'Makanan siap',
      COURIER_ASSIGNED: 'Pengantar menuju warung',
      PICKED_UP: 'Dalam perjalanan',
      DELIVERED: 'Sudah diterima',
      DELIVERY_FAILED: 'Pengantaran gagal',
      REJECTED: 'Ditolak warung',
      CANCELLED: 'Dibatalkan',
    } satisfies Record<FoodOrderStatus, string>,
  },
  ride: {
    title: 'Perjalanan',
    timeline: 'Tahapan perjalanan',
    notFoundTitle: 'Perjalanan tidak ditemukan',
    pickup: 'Dijemput di',
    dropoff: 'Tujuan',
    fare: 'Tarif',
    driver: 'Pengemudi',
    noDriverYet: 'Belum ada pengemudi',
    map: 'Peta: titik jemput, tujuan dan posisi pengemudi',
    pickupPlace: (street: string) => `Titik jemput: ${street}`,
    destination: (street: string) => `Tujuan: ${street}`,
    driverPosition: (name: string, time: string) => `${name}, posisi ${time}`,
    status: {
      SEARCHING: 'Mencari pengemudi',
      DRIVER_ASSIGNED: 'Pengemudi menuju titik jemput',
      ON_TRIP: 'Dalam perjalanan',
      COMPLETED: 'Sampai di tujuan',
      CANCELLED: 'Dibatalkan',
      NO_DRIVER_FOUND: 'Tidak ada pengemudi',
      FAILED: 'Perjalanan gagal',
    } satisfies Record<RideStatus, string>,
  },
  rupiah: (amount: number) => `Rp ${amount.toLocaleString('id-ID')}`,
};

export type CitizenWords = typeof id;

const en: CitizenWords = {
  needSignIn: 'This page is only for the person who ordered. Please sign in as a citizen.',
  sessionOver: 'Your session has ended. Please sign in again.',
  signIn: 'Sign in',
  notFoundBody: 'Not found, or not this account’s. Check the link, or sign in with the account that ordered.',
  food: {
    title: 'Food order',
    timeline: 'Order progress',
    notFoundTitle: 'Order not found',
    merchant: 'Stall',
    deliverTo: 'Deliver to',
    total: 'Total',
    driver: 'Driver',
    noDriverYet: 'No driver yet',
    map: 'Map: stall, destination and driver position',
    merchantPlace: (name: string) => `Stall: ${name}`,
    destination: (street: string) => `Destination: ${street}`,
    driverPosition: (name: string, time: string) => `${name}, seen at ${time}`,
    status: {
      PLACED: 'Sent to the stall',
      ACCEPTED: 'Accepted, being cooked',
      READY: 'Food ready',
      COURIER_ASSIGNED: 'Driver heading to the stall',
      PICKED_UP: 'On the way',
      DELIVERED: 'Delivered',
      DELIVERY_FAILED: 'Delivery failed',
      REJECTED: 'Rejected by the stall',
      CANCELLED: 'Cancelled',
    },
  },
  ride: {
    title: 'Ride',
    timeline: 'Ride progress',
    notFoundTitle: 'Ride not found',
    pickup: 'Pickup',
    dropoff: 'Destination',
    fare: 'Fare',
    driver: 'Driver',
    noDriverYet: 'No driver yet',
    map: 'Map: pickup, destination and driver position',
    pickupPlace: (street: string) => `Pickup: ${street}`,
    destination: (street: string) => `Destination: ${street}`,
    driverPosition: (name: string, time: string) => `${name}, seen at ${time}`,
    status: {
      SEARCHING: 'Looking for a driver',
      DRIVER_ASSIGNED: 'Driver heading to the pickup',
      ON_TRIP: 'On the way',
      COMPLETED: 'Arrived',
      CANCELLED: 'Cancelled',
      NO_DRIVER_FOUND: 'No driver found',
      FAILED: 'Ride failed',
    },
  },
  rupiah: (amount: number) => `Rp ${amount.toLocaleString('en-GB')}`,
};

export const citizenWords: Readonly<Record<Language, CitizenWords>> = { id, en };
