// What a hotel's details say about one topic a traveller asks (早餐, 停车, 宠物, 几点入住…), as a fact to word.
import { amenityFromWord, amenityLabel, isAmenityCode, type AmenityCode } from '../../booking/amenities.ts';
import type { Lang } from './format.ts';
import type { DetailsView } from './results.ts';

/** One answer about a hotel, before it is worded. */
export type Fact =
  | { topic: string; kind: 'policy'; text: string }
  | { topic: string; kind: 'amenity'; label: string; has: boolean }
  | { topic: string; kind: 'value'; value: string }
  | { topic: string; kind: 'list'; items: string[] }
  | { topic: string; kind: 'cancel_hours'; hours: number }
  | { topic: string; kind: 'payment'; mode: 'at_hotel' | 'prepay' }
  | { topic: string; kind: 'breakfast'; offered: 'included' | 'extra' | 'none' }
  | { topic: string; kind: 'parking'; offered: 'free' | 'paid' | 'none' }
  | { topic: string; kind: 'pets'; allowed: boolean }
  | { topic: string; kind: 'unknown' };

/** Topics and the policy each is written under (hotels.policies). */
const POLICY_OF: Record<string, string> = {
  breakfast: 'breakfast', parking: 'parking', pets: 'pets', check_in_time: 'checkInTime', check_out_time: 'checkOutTime',
  cancellation: 'cancellation', payment: 'payment', wifi: 'wifi', children: 'children',
};
/** Topics whose answer is an amenity when no policy speaks of it. */
const AMENITY_OF: Record<string, AmenityCode> = { breakfast: 'breakfast', parking: 'parking', pets: 'pets', wifi: 'wifi' };
/** Topics answered by a field of the details. */
const FIELD_TOPICS = new Set(['address', 'phone', 'metro', 'sights', 'cancellation', 'payment', 'check_in_time', 'check_out_time']);

/** True when `get_hotel_details` can answer `topic`; other topics go to `search_knowledge`. */
export function detailsAnswer(topic: string): boolean {
  return topic in POLICY_OF || topic in AMENITY_OF || FIELD_TOPICS.has(topic) || amenityOf(topic) !== undefined;
}

function amenityOf(topic: string): AmenityCode | undefined {
  if (AMENITY_OF[topic]) return AMENITY_OF[topic];
  if (isAmenityCode(topic)) return topic;
  return amenityFromWord(topic.replace(/_/g, ' '));
}

/** A policy's wording in `lang`: policies are a text, or `{zh, en, …}` (the seeded hotels). */
function policyText(v: unknown, lang: Lang): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const t = lang === 'en' ? (o.en ?? o.zh) : (o.zh ?? o.en);
    return typeof t === 'string' && t.trim() ? t.trim() : undefined;
  }
  return undefined;
}

/**
 * A fact from a policy's machine-readable part (the seeded hotels: `{offered}`, `{allowed}`, `{freeUntilHoursBefore}`,
 * `{mode}`), worded by the concierge rather than quoted: the quoted texts carry amounts in fen the guards cannot ground.
 */
function structuredFact(topic: string, v: unknown): Fact | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (topic === 'breakfast' && (o.offered === 'included' || o.offered === 'extra' || o.offered === 'none')) return { topic, kind: 'breakfast', offered: o.offered };
  if (topic === 'parking' && (o.offered === 'free' || o.offered === 'paid' || o.offered === 'none')) return { topic, kind: 'parking', offered: o.offered };
  if (topic === 'pets' && typeof o.allowed === 'boolean') return { topic, kind: 'pets', allowed: o.allowed };
  if (topic === 'cancellation' && typeof o.freeUntilHoursBefore === 'number') return { topic, kind: 'cancel_hours', hours: o.freeUntilHoursBefore };
  if (topic === 'payment' && (o.mode === 'at_hotel' || o.mode === 'prepay')) return { topic, kind: 'payment', mode: o.mode };
  return undefined;
}

/**
 * What `d` says about `topic`, in `lang`: a policy text first, then the field or amenity that answers it.
 * @example factAbout('breakfast', details, 'zh-CN') // { topic: 'breakfast', kind: 'policy', text: '房费含早餐。' }
 */
export function factAbout(topic: string, d: DetailsView, lang: Lang): Fact {
  const key = POLICY_OF[topic];
  const structured = key ? structuredFact(topic, d.policies[key]) : undefined;
  if (structured) return structured;
  const policy = key ? policyText(d.policies[key], lang) : undefined;
  if (policy) return /^\d{1,2}:\d{2}$/.test(policy) ? { topic, kind: 'value', value: policy } : { topic, kind: 'policy', text: policy };
  switch (topic) {
    case 'address':
      return d.address ? { topic, kind: 'value', value: d.address } : { topic, kind: 'unknown' };
    case 'phone':
      return d.phone ? { topic, kind: 'value', value: d.phone } : { topic, kind: 'unknown' };
    case 'metro':
      return d.metro ? { topic, kind: 'value', value: d.metro } : { topic, kind: 'unknown' };
    case 'sights':
      return d.nearbySights?.length ? { topic, kind: 'list', items: d.nearbySights.slice(0, 5) } : { topic, kind: 'unknown' };
    case 'cancellation':
      return d.cancelHours !== undefined ? { topic, kind: 'cancel_hours', hours: d.cancelHours } : { topic, kind: 'unknown' };
    case 'payment':
      return d.paymentMode ? { topic, kind: 'payment', mode: d.paymentMode } : { topic, kind: 'unknown' };
    default:
      break;
  }
  const code = amenityOf(topic);
  if (code) {
    // The tool lists amenities as labels in the turn's language (or codes, for amenities it does not know).
    const labels = new Set([amenityLabel(code, 'zh-CN'), amenityLabel(code, 'en'), code].map((x) => x.toLowerCase()));
    const has = d.amenities.some((a) => labels.has(a.toLowerCase())) || (d.facilities ?? []).some((f) => amenityFromWord(f) === code);
    return { topic, kind: 'amenity', label: amenityLabel(code, lang), has };
  }
  return { topic, kind: 'unknown' };
}
