// How a hotel row is read and shown: the columns every hotel read selects, and their camelCase view.
import type { PaymentMode, Tier } from '../booking/index.ts';

/** The columns every hotel read selects. */
export const HOTEL_COLUMNS = `id, tenant_id, name, name_en, city, city_en, city_key, tier, stars, grade, rating, address,
  address_en, phone, metro, description, description_en, amenities, facilities, nearby_sights, photos, policies,
  payment_mode, hold_minutes, cancel_hours, created_at, updated_at`;

/** Input fields stored as given, by their column (city, grade and policies are derived or merged instead). */
export const PLAIN_COLUMNS = {
  name: 'name',
  nameEn: 'name_en',
  tier: 'tier',
  stars: 'stars',
  rating: 'rating',
  address: 'address',
  addressEn: 'address_en',
  phone: 'phone',
  metro: 'metro',
  description: 'description',
  descriptionEn: 'description_en',
  amenities: 'amenities',
  facilities: 'facilities',
  nearbySights: 'nearby_sights',
  photos: 'photos',
  paymentMode: 'payment_mode',
  holdMinutes: 'hold_minutes',
  cancelHours: 'cancel_hours',
} as const;

export interface HotelRow {
  id: string;
  tenant_id: string;
  name: string;
  name_en: string | null;
  city: string;
  city_en: string | null;
  city_key: string;
  tier: Tier;
  stars: number;
  grade: string | null;
  rating: number | null;
  address: string | null;
  address_en: string | null;
  phone: string | null;
  metro: string | null;
  description: string | null;
  description_en: string | null;
  amenities: string[];
  facilities: string[];
  nearby_sights: string[];
  photos: string[];
  policies: Record<string, unknown>;
  payment_mode: PaymentMode;
  hold_minutes: number;
  cancel_hours: number;
  created_at: Date | string;
  updated_at: Date | string;
}

/** A hotel as operators see it. `policies` may hold nested documents (the demo seed writes them in zh and en). */
export interface HotelView {
  id: string;
  tenantId: string;
  name: string;
  nameEn: string | null;
  city: string;
  cityEn: string | null;
  cityKey: string;
  tier: Tier;
  stars: number;
  grade: string | null;
  rating: number | null;
  address: string | null;
  addressEn: string | null;
  phone: string | null;
  metro: string | null;
  description: string | null;
  descriptionEn: string | null;
  amenities: string[];
  facilities: string[];
  nearbySights: string[];
  photos: string[];
  policies: Record<string, unknown>;
  paymentMode: PaymentMode;
  holdMinutes: number;
  cancelHours: number;
  createdAt: string;
  updatedAt: string;
}

/** The view of a row read with {@link HOTEL_COLUMNS}. */
export function toHotelView(r: HotelRow): HotelView {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    name: r.name,
    nameEn: r.name_en,
    city: r.city,
    cityEn: r.city_en,
    cityKey: r.city_key,
    tier: r.tier,
    stars: r.stars,
    grade: r.grade,
    rating: r.rating,
    address: r.address,
    addressEn: r.address_en,
    phone: r.phone,
    metro: r.metro,
    description: r.description,
    descriptionEn: r.description_en,
    amenities: r.amenities,
    facilities: r.facilities,
    nearbySights: r.nearby_sights,
    photos: r.photos,
    policies: r.policies,
    paymentMode: r.payment_mode,
    holdMinutes: r.hold_minutes,
    cancelHours: r.cancel_hours,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}
