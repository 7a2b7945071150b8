// The shapes the seeders write: a hotel with its room types, ready for the database.
import type { AmenityCode } from '../../src/booking/amenities.ts';
import type { City } from '../../src/booking/cities.ts';

/** The three recommendation tiers. */
export type Tier = 'budget' | 'comfort' | 'luxury';

/** Which seasonal price curve a hotel's nights follow (see pricing.ts). */
export type SeasonProfile = 'city' | 'beach';

/** One policy line in both languages. */
export interface PolicyText {
  zh: string;
  en: string;
}

/** The `hotels.policies` document: machine-readable facts plus their wording in Chinese and English. */
export interface HotelPolicies {
  checkInTime: string;
  checkOutTime: string;
  breakfast: PolicyText & { offered: 'included' | 'extra' | 'none'; /** fen per person when extra */ price?: number };
  parking: PolicyText & { offered: 'free' | 'paid' | 'none' };
  pets: PolicyText & { allowed: boolean };
  cancellation: PolicyText & { freeUntilHoursBefore: number };
  payment: PolicyText & { mode: 'at_hotel' | 'prepay'; holdMinutes?: number };
}

/** A room type to create, with the allotment its nightly inventory gets. */
export interface RoomTypeSeed {
  name: string;
  nameEn: string;
  capacity: number;
  /** fen per night before weekday and season. */
  basePrice: number;
  allotment: number;
}

/** A hotel to create, identified by its `seedKey` so seeding twice creates it once. */
export interface HotelSeed {
  seedKey: string;
  name: string;
  nameEn: string;
  city: City;
  tier: Tier;
  stars: number;
  grade: string;
  rating: number | null;
  address: string | null;
  addressEn: string | null;
  phone: string | null;
  metro: string | null;
  description: string;
  descriptionEn: string;
  amenities: AmenityCode[];
  facilities: string[];
  nearbySights: string[];
  policies: HotelPolicies;
  paymentMode: 'at_hotel' | 'prepay';
  holdMinutes: number;
  cancelHours: number;
  source: 'crosswoz' | 'demo' | 'bench';
  season: SeasonProfile;
  roomTypes: RoomTypeSeed[];
}

/** Rows a seeding step inserted (zero everywhere on a repeat run). */
export interface SeedCounts {
  hotels: number;
  roomTypes: number;
  inventoryRows: number;
}

/** Called after each batch with hotels done so far and the total. */
export type OnProgress = (done: number, total: number) => void;
