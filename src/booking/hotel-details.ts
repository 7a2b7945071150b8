// A hotel as the bot describes it: facts, amenities, policies and room types.
import type { Queryable } from '../../db/index.ts';
import { cny, type Money } from '../money.ts';
import type { PaymentMode, Tier } from './types.ts';

/** What get_hotel_details returns. */
export interface HotelDetails {
  hotelId: string;
  name: string;
  nameEn: string | null;
  city: string;
  tier: Tier;
  stars: number;
  grade: string | null;
  rating: number | null;
  address: string | null;
  phone: string | null;
  metro: string | null;
  description: string | null;
  descriptionEn: string | null;
  amenities: string[];
  facilities: string[];
  nearbySights: string[];
  policies: Record<string, unknown>;
  paymentMode: PaymentMode;
  cancelHours: number;
  roomTypes: Array<{ roomTypeId: string; name: string; nameEn: string | null; capacity: number; basePrice: Money }>;
}

/** The hotel with its room types, or null when it does not exist or lies outside `tenantId` (null: any). */
export async function hotelDetails(db: Queryable, hotelId: string, tenantId: string | null): Promise<HotelDetails | null> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT h.*, COALESCE((SELECT json_agg(json_build_object('id', rt.id, 'name', rt.name, 'name_en', rt.name_en,
              'capacity', rt.capacity, 'base_price', rt.base_price) ORDER BY rt.base_price, rt.id)
            FROM room_types rt WHERE rt.hotel_id = h.id), '[]') AS room_types
     FROM hotels h WHERE h.id = $1 AND ($2::uuid IS NULL OR h.tenant_id = $2::uuid)`,
    [hotelId, tenantId],
  );
  const h = rows[0];
  if (!h) return null;
  const rooms = h.room_types as Array<{ id: string; name: string; name_en: string | null; capacity: number; base_price: number }>;
  return {
    hotelId: h.id as string, name: h.name as string, nameEn: h.name_en as string | null, city: h.city as string,
    tier: h.tier as Tier, stars: h.stars as number, grade: h.grade as string | null, rating: h.rating as number | null,
    address: h.address as string | null, phone: h.phone as string | null, metro: h.metro as string | null,
    description: h.description as string | null, descriptionEn: h.description_en as string | null,
    amenities: h.amenities as string[], facilities: h.facilities as string[],
    nearbySights: (h.nearby_sights as string[]).slice(0, 12), policies: h.policies as Record<string, unknown>,
    paymentMode: h.payment_mode as PaymentMode, cancelHours: h.cancel_hours as number,
    roomTypes: rooms.map((r) => ({ roomTypeId: r.id, name: r.name, nameEn: r.name_en, capacity: r.capacity, basePrice: cny(Number(r.base_price)) })),
  };
}
