// What the offline model understands of one traveller message: intents and slots, each with how sure it is.

/** What the traveller wants to do with this message (several may hold: "明天北京两晚，有停车吗"). */
export type Intent =
  | 'search' // looking for a hotel (or giving search details)
  | 'hotel_question' // asking about a hotel: breakfast, parking, pets, check-in time, address…
  | 'book' // wants to book (a shown hotel)
  | 'give_contact' // gives a guest name and/or phone
  | 'affirm' // yes
  | 'deny' // no / not now
  | 'cancel_booking' // cancel a reservation
  | 'my_bookings' // list or look up reservations
  | 'human' // asks for a person
  | 'thanks' // thanks / goodbye
  | 'greet' // hello
  | 'faq' // a general policy question not about one hotel (e.g. 发票, 退款规则)
  | 'out_of_domain' // weather, jokes, flights…
  | 'unknown'; // nothing understood

/** A stay's dates as understood: any part may be missing. Dates are YYYY-MM-DD in the hotels' zone. */
export interface DateSlots {
  checkIn?: string;
  checkOut?: string;
  /** "住两晚", "for 2 nights". */
  nights?: number;
  /** The text that gave the dates, for traces. */
  source?: string;
}

/** A reference to a hotel already shown: "第二家", "the luxury one", "便宜一点的", "那家". */
export type HotelRef =
  | { kind: 'ordinal'; index: number } // 0-based: 第二家 → 1
  | { kind: 'tier'; tier: 'budget' | 'comfort' | 'luxury' }
  | { kind: 'cheaper' }
  | { kind: 'pricier' }
  | { kind: 'that' } // 这家 / 那家 / it / that one
  | { kind: 'name'; name: string };

/** Everything understood from one message. Absent fields were not mentioned. */
export interface Understanding {
  intents: Intent[];
  city?: string; // as typed: 北京 / Beijing (resolveCity() canonicalises)
  dates?: DateSlots;
  guests?: number;
  rooms?: number;
  /** Whole yuan per room per night. */
  budgetMax?: number;
  budgetMin?: number;
  /** A budget given in another currency ("under 100 dollars"): the bot must ask, not convert. */
  foreignCurrency?: string;
  /** Recommendation tier: 经济/cheap → budget, 舒适/mid-range → comfort, 高档/豪华/luxury → luxury. */
  tier?: 'budget' | 'comfort' | 'luxury';
  /** Star grades within a tier: 经济型 [1,2], 舒适型 [3], 高档型 [4], 豪华型 [5]. */
  stars?: number[];
  /** The OTA grade as named: 经济型 / 舒适型 / 高档型 / 豪华型. */
  grade?: '经济型' | '舒适型' | '高档型' | '豪华型';
  minRating?: number;
  /** Amenity codes (src/booking/amenities.ts) wanted, and those said not to be needed. */
  amenities?: string[];
  amenitiesNotNeeded?: string[];
  hotelRef?: HotelRef;
  /** What a hotel question asks about: breakfast, parking, pets, check_in_time, check_out_time, address, phone, wifi, pool, cancellation, metro, sights… */
  questionTopics?: string[];
  guestName?: string;
  guestPhone?: string;
  reservationCode?: string;
  /** How sure the understanding is, 0..1: low when little or nothing was recognised. */
  confidence: number;
}

/** Context of understanding: dates are read relative to `today` in the hotels' zone. */
export interface UnderstandContext {
  /** YYYY-MM-DD in the hotels' zone. */
  today: string;
  locale?: 'zh-CN' | 'en';
}
