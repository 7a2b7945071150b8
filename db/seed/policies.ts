// Hotel policies in both languages, worded from the facts so that text and amenities never disagree.
import { formatCny } from '../../src/money.ts';
import type { HotelPolicies, PolicyText } from './types.ts';

/** The facts a hotel's policies are written from. */
export interface PolicyFacts {
  breakfast: 'included' | 'extra' | 'none';
  /** fen per person, when breakfast is extra. */
  breakfastPrice?: number;
  parking: 'free' | 'paid' | 'none';
  pets: boolean;
  cancelHours: number;
  paymentMode: 'at_hotel' | 'prepay';
  holdMinutes: number;
}

function breakfast(f: PolicyFacts): HotelPolicies['breakfast'] {
  if (f.breakfast === 'included') return { offered: 'included', zh: '房费含早餐。', en: 'Breakfast is included in the room rate.' };
  if (f.breakfast === 'none') return { offered: 'none', zh: '酒店不提供早餐。', en: 'The hotel does not serve breakfast.' };
  const price = f.breakfastPrice ?? 0;
  return {
    offered: 'extra',
    price,
    zh: `早餐另付，每人${formatCny(price)}。`,
    en: `Breakfast is available at ${formatCny(price)} per person.`,
  };
}

const PARKING: Record<PolicyFacts['parking'], PolicyText> = {
  free: { zh: '提供免费停车位。', en: 'Free parking on site.' },
  paid: { zh: '提供收费停车位，费用以酒店现场为准。', en: 'Paid parking on site; the hotel sets the fee.' },
  none: { zh: '酒店无停车场。', en: 'No parking on site.' },
};

function cancellation(hours: number): HotelPolicies['cancellation'] {
  if (hours === 0) {
    return {
      freeUntilHoursBefore: 0,
      zh: '入住当天0点（酒店当地时间）前可免费取消，之后取消不可免费。',
      en: 'Free cancellation until the check-in day begins (hotel local time); later cancellations are not free.',
    };
  }
  const days = hours / 24;
  const when = Number.isInteger(days)
    ? { zh: `入住前${days === 1 ? '一' : days === 2 ? '两' : days}天的0点`, en: `00:00 ${days === 1 ? 'the day' : `${days} days`} before check-in` }
    : { zh: `入住日0点前${hours}小时`, en: `${hours} hours before the check-in day begins` };
  return {
    freeUntilHoursBefore: hours,
    zh: `${when.zh}（酒店当地时间）之前可免费取消，之后取消不可免费。`,
    en: `Free cancellation until ${when.en} (hotel local time); later cancellations are not free.`,
  };
}

function payment(f: PolicyFacts): HotelPolicies['payment'] {
  if (f.paymentMode === 'at_hotel') {
    return { mode: 'at_hotel', zh: '到店付款。', en: 'Pay at the hotel.' };
  }
  return {
    mode: 'prepay',
    holdMinutes: f.holdMinutes,
    zh: `需在线预付：预订后${f.holdMinutes}分钟内未付款，房间自动释放。`,
    en: `Prepayment required: the room is released if not paid within ${f.holdMinutes} minutes of booking.`,
  };
}

/**
 * The `hotels.policies` document for these facts: check-in 14:00, check-out 12:00.
 * @example policiesFor({ breakfast: 'none', parking: 'paid', pets: false, cancelHours: 24, paymentMode: 'at_hotel', holdMinutes: 30 })
 */
export function policiesFor(f: PolicyFacts): HotelPolicies {
  return {
    checkInTime: '14:00',
    checkOutTime: '12:00',
    breakfast: breakfast(f),
    parking: { offered: f.parking, ...PARKING[f.parking] },
    pets: f.pets
      ? { allowed: true, zh: '可携带宠物入住，请提前告知酒店。', en: 'Pets are welcome; please tell the hotel in advance.' }
      : { allowed: false, zh: '不可携带宠物。', en: 'Pets are not allowed.' },
    cancellation: cancellation(f.cancelHours),
    payment: payment(f),
  };
}

/** Breakfast price per person by star rating, in fen, for hotels whose data names none. */
export function breakfastPriceFor(stars: number): number {
  return [2500, 2500, 2500, 4800, 8800, 16800][stars] ?? 4800;
}
