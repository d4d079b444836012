/**
 * Words of the app in Bahasa Indonesia (first: the people Gancang serves read it) and English.
 * The choice is remembered on the device; the Indonesian dictionary is the shape the English one
 * must fill, so a missing translation fails to compile.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { OrderStatus, VehicleType } from './tracking/tracking-api.ts';

export type Language = 'id' | 'en';

const id = {
  locale: 'id-ID',
  /** The button that switches to the other language is labelled in that language. */
  otherLanguage: { code: 'en' as Language, label: 'English', lang: 'en' },
  brand: 'Gancang',
  loading: 'Memuat…',
  pageNotFound: 'Halaman ini tidak ada.',
  tracking: {
    title: 'Lacak pengiriman obat',
    notFoundTitle: 'Tautan pelacakan tidak ditemukan',
    notFoundBody: 'Periksa kembali tautan dari apotek, atau tanyakan ke petugas farmasi.',
    unreachable: 'Tidak dapat terhubung. Mencoba lagi…',
    from: 'Dari',
    driver: 'Pengantar',
    noDriverYet: 'Belum ada pengantar',
    timeline: 'Perjalanan pesanan',
    pending: 'belum',
    updated: (time: string) => `Diperbarui ${time}, otomatis setiap 15 detik`,
    finished: (time: string) => `Diperbarui ${time}`,
    map: 'Peta: apotek, area tujuan dan posisi pengantar',
    pharmacy: 'Apotek',
    destinationArea: (kecamatan: string) => `Area tujuan: Kec. ${kecamatan}`,
    driverPosition: (name: string, time: string) => `${name}, posisi ${time}`,
    privacy: 'Alamat pasien tidak ditampilkan; peta hanya menunjukkan kecamatan tujuan.',
  },
  status: {
    REGISTERED: 'Resep diterima apotek',
    PREPARING: 'Obat sedang disiapkan',
    READY_FOR_PICKUP: 'Siap dijemput pengantar',
    COURIER_ASSIGNED: 'Pengantar menuju apotek',
    PICKED_UP: 'Dalam perjalanan',
    DELIVERED: 'Sudah diterima',
    DELIVERY_FAILED: 'Pengantaran gagal',
    RETURNED_TO_PHARMACY: 'Dikembalikan ke apotek',
    CANCELLED: 'Dibatalkan',
  } satisfies Record<OrderStatus, string>,
  vehicle: { MOTORBIKE: 'Motor', CAR: 'Mobil', TAXI: 'Taksi' } satisfies Record<VehicleType, string>,
};

export type Dictionary = typeof id;

const en: Dictionary = {
  locale: 'en-GB',
  otherLanguage: { code: 'id', label: 'Bahasa Indonesia', lang: 'id' },
  brand: 'Gancang',
  loading: 'Loading…',
  pageNotFound: 'There is no such page.',
  tracking: {
    title: 'Medicine delivery tracking',
    notFoundTitle: 'Tracking link not found',
    notFoundBody: 'Check the link the pharmacy gave you, or ask the pharmacy staff.',
    unreachable: 'Cannot connect. Trying again…',
    from: 'From',
    driver: 'Driver',
    noDriverYet: 'No driver yet',
    timeline: 'Order progress',
    pending: 'not yet',
    updated: (time: string) => `Updated ${time}, refreshes every 15 seconds`,
    finished: (time: string) => `Updated ${time}`,
    map: 'Map: pharmacy, destination area and driver position',
    pharmacy: 'Pharmacy',
    destinationArea: (kecamatan: string) => `Destination area: ${kecamatan} district`,
    driverPosition: (name: string, time: string) => `${name}, seen at ${time}`,
    privacy: "The patient's address is not shown; the map only shows the destination district.",
  },
  status: {
    REGISTERED: 'Prescription received',
    PREPARING: 'Medicine being prepared',
    READY_FOR_PICKUP: 'Ready for the driver',
    COURIER_ASSIGNED: 'Driver heading to the pharmacy',
    PICKED_UP: 'On the way',
    DELIVERED: 'Delivered',
    DELIVERY_FAILED: 'Delivery failed',
    RETURNED_TO_PHARMACY: 'Returned to the pharmacy',
    CANCELLED: 'Cancelled',
  },
  vehicle: { MOTORBIKE: 'Motorbike', CAR: 'Car', TAXI: 'Taxi' },
};

export const dictionaries: Readonly<Record<Language, Dictionary>> = { id, en };

const STORAGE_KEY = 'gancang.language';

/** The remembered choice; Indonesian unless English was chosen on this device. */
export function rememberedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id';
  } catch {
    return 'id'; // storage refused (private mode): the default serves
  }
}

export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // not remembered, still switched
  }
  document.documentElement.lang = language;
}

export interface I18n {
  readonly language: Language;
  readonly t: Dictionary;
  setLanguage(language: Language): void;
}

export const I18nContext = createContext<I18n>({ language: 'id', t: id, setLanguage: () => undefined });

export const useI18n = (): I18n => useContext(I18nContext);
