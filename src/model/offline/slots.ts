// The stay a traveller is describing, accumulated over their messages: each message changes only what it names.
import { resolveCity } from '../../booking/cities.ts';
import { addDays, nightsBetween } from '../../dates.ts';
import type { DateSlots, Understanding } from './understanding.ts';
import type { SearchArgs, Tier } from './results.ts';

/** What a search needs and may narrow by, as far as the traveller has said it. */
export interface Slots {
  city?: string;
  checkIn?: string;
  checkOut?: string;
  /** Length of stay when said as nights ("住两晚"): the check-out follows the check-in. */
  nights?: number;
  guests?: number;
  rooms?: number;
  /** Whole yuan per room per night. */
  budgetMax?: number;
  budgetMin?: number;
  tier?: Tier;
  stars?: number[];
  minRating?: number;
  amenities?: string[];
}

/** The stay's dates when both ends are known. */
export function stayOf(s: Slots): { checkIn: string; checkOut: string } | undefined {
  if (!s.checkIn) return undefined;
  if (s.checkOut) return { checkIn: s.checkIn, checkOut: s.checkOut };
  if (s.nights) return { checkIn: s.checkIn, checkOut: addDays(s.checkIn, s.nights) };
  return undefined;
}

/** The length of a stay as far as known. */
function lengthOf(s: Slots): number | undefined {
  if (s.nights) return s.nights;
  if (s.checkIn && s.checkOut) return nightsBetween(s.checkIn, s.checkOut);
  return undefined;
}

/**
 * New dates over old ones, as people change them: "换成后天" moves the check-in and keeps the length of stay;
 * "住三晚" keeps the check-in; "住到26号" keeps the check-in and sets the check-out.
 */
export function mergeDates(old: Slots, d: DateSlots): Pick<Slots, 'checkIn' | 'checkOut' | 'nights'> {
  const { checkIn, checkOut, nights } = d;
  if (checkIn && checkOut) return { checkIn, checkOut };
  if (checkIn && nights) return { checkIn, nights };
  if (checkOut && nights) return { checkIn: addDays(checkOut, -nights), checkOut };
  if (checkIn) return { checkIn, nights: lengthOf(old) };
  if (checkOut) return { checkIn: old.checkIn, checkOut };
  if (nights) return { checkIn: old.checkIn, nights };
  return { checkIn: old.checkIn, checkOut: old.checkOut, nights: old.nights };
}

/** True when `u` names anything a search narrows by. */
export function namesSearchSlots(u: Understanding): boolean {
  return Boolean(
    u.city || u.dates?.checkIn || u.dates?.checkOut || u.dates?.nights || u.guests || u.rooms || u.budgetMax ||
      u.budgetMin || u.tier || u.stars?.length || u.minRating || u.amenities?.length || u.amenitiesNotNeeded?.length,
  );
}

/**
 * `s` with what `u` says. `asReference` keeps a tier named only to point at a shown hotel ("豪华那家有早餐吗")
 * from narrowing later searches.
 */
export function applyUnderstanding(s: Slots, u: Understanding, asReference = false): Slots {
  const next: Slots = { ...s };
  // One name per city (北京市, Beijing, peking → 北京), so that saying it again in other words changes nothing.
  if (u.city) next.city = resolveCity(u.city)?.zh ?? u.city.trim();
  if (u.dates && (u.dates.checkIn || u.dates.checkOut || u.dates.nights)) {
    const d = mergeDates(s, u.dates);
    next.checkIn = d.checkIn;
    next.checkOut = d.checkOut;
    next.nights = d.nights;
  }
  if (u.guests) next.guests = u.guests;
  if (u.rooms) next.rooms = u.rooms;
  if (u.budgetMax !== undefined && !u.foreignCurrency) next.budgetMax = u.budgetMax;
  if (u.budgetMin !== undefined && !u.foreignCurrency) next.budgetMin = u.budgetMin;
  if (!asReference) {
    if (u.tier) {
      next.tier = u.tier;
      // A new tier without a grade drops the grade of an earlier one (高档 → "经济的就行").
      next.stars = u.stars?.length ? u.stars : undefined;
    } else if (u.stars?.length) {
      next.stars = u.stars;
    }
  }
  if (u.minRating !== undefined) next.minRating = u.minRating;
  if (u.amenities?.length || u.amenitiesNotNeeded?.length) {
    const drop = new Set(u.amenitiesNotNeeded ?? []);
    next.amenities = [...new Set([...(s.amenities ?? []), ...(u.amenities ?? [])])].filter((a) => !drop.has(a));
  }
  return next;
}

/** Fills what `s` lacks from an earlier search's arguments (the window may have lost the messages that said them). */
export function fillFromSearch(s: Slots, a: SearchArgs): Slots {
  const next: Slots = { ...s };
  next.city ??= a.city;
  if (!next.checkIn) {
    next.checkIn = a.checkIn;
    next.checkOut = a.checkOut;
    next.nights = undefined;
  }
  next.rooms ??= a.rooms;
  next.budgetMax ??= a.budgetMax;
  next.tier ??= a.tier;
  next.stars ??= a.stars;
  next.minRating ??= a.minRating;
  next.amenities ??= a.amenities;
  return next;
}

/** True when the search `a` already covers everything `s` asks for. */
export function sameSearch(s: Slots, a: SearchArgs): boolean {
  const d = stayOf(s);
  const sameList = (x?: unknown[], y?: unknown[]) => JSON.stringify([...(x ?? [])].sort()) === JSON.stringify([...(y ?? [])].sort());
  return (
    (s.city === undefined || s.city === a.city) &&
    (!d || (d.checkIn === a.checkIn && d.checkOut === a.checkOut)) &&
    (s.guests === undefined || s.guests === a.guests) &&
    (s.rooms ?? 1) === (a.rooms ?? 1) &&
    s.budgetMax === a.budgetMax &&
    s.tier === a.tier &&
    sameList(s.stars, a.stars) &&
    s.minRating === a.minRating &&
    sameList(s.amenities, a.amenities)
  );
}
