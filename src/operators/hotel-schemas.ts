// zod schemas of hotel input: what an operator may write about a hotel, create and patch alike.
import { z } from 'zod';
import { amenityFromWord, type AmenityCode, type Tier } from '../booking/index.ts';
import { pageShape, text } from './schemas.ts';
import { starsFitTier, TIER_STARS } from './stars.ts';

const tier = z.enum(['budget', 'comfort', 'luxury']);
const stars = z.number().int().min(1).max(5);
const words = z.array(text(100)).max(50);
/** Photos by URL: http(s) only, at most {@link MAX_PHOTOS}. */
export const MAX_PHOTOS = 12;
const photos = z.array(z.url({ protocol: /^https?$/, hostname: z.regexes.hostname }).max(1000)).max(MAX_PHOTOS);
const phone = z.string().trim().regex(/^\+?[0-9][0-9 ()-]{4,30}$/, 'must be a phone number');

/**
 * Amenities as codes or as words ("停车场", "free parking", "wifi"), stored as canonical codes, each once.
 * Words we cannot place are refused all at once, so the operator fixes them in one go.
 */
export const amenityList = z
  .array(z.string().trim().min(1).max(40))
  .max(50)
  .transform((given, ctx): AmenityCode[] => {
    const codes = new Set<AmenityCode>();
    const unknown: string[] = [];
    for (const w of given) {
      const code = amenityFromWord(w);
      if (code) codes.add(code);
      else unknown.push(w);
    }
    if (unknown.length) {
      ctx.addIssue({ code: 'custom', input: given, message: `unknown amenities: ${unknown.join(', ')}`, params: { unknown } });
      return z.NEVER;
    }
    return [...codes];
  });

const policyKey = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'must be a short camelCase name');
const tooManyKeys = (v: object) => Object.keys(v).length <= 30;
const policyText = z.string().trim().max(500);
/** A policy in one text, or in Chinese and English (`{"zh": "不可携带宠物", "en": "No pets"}`). */
const policyValue = z.union([
  policyText,
  z.object({ zh: policyText.optional(), en: policyText.optional() }).strict()
    .refine((v) => v.zh !== undefined || v.en !== undefined, 'give zh, en or both'),
]);
/**
 * Policies by name, each a text or `{zh, en}`: `{"checkInTime": "14:00", "pets": {"zh": "不可携带宠物", "en": "No pets"}}`.
 * The usual names are checkInTime, checkOutTime, breakfast, parking, pets, cancellation, wifi and children.
 */
export const policyMap = z.record(policyKey, policyValue).refine(tooManyKeys, 'at most 30 policies');
/** A policy patch: policies to set (each replaced whole), null to remove one; other policies stay as they are. */
const policyPatch = z.record(policyKey, policyValue.nullable()).refine(tooManyKeys, 'at most 30 policies');

const starsAgree = (v: { tier?: Tier; stars?: number }, ctx: z.RefinementCtx) => {
  if (v.tier && v.stars !== undefined && !starsFitTier(v.tier, v.stars)) {
    ctx.addIssue({ code: 'custom', path: ['stars'], message: `a ${v.tier} hotel has ${TIER_STARS[v.tier]} stars` });
  }
};

/** Body of `POST /hotels`. An admin names the tenant; an operator's tenant comes from its token. */
export const hotelBody = z
  .object({
    tenantId: z.uuid().optional(),
    name: text(200),
    nameEn: text(200).optional(),
    city: text(50),
    cityEn: text(50).optional(),
    tier,
    stars: stars.optional(),
    rating: z.number().min(0).max(5).optional(),
    address: text(500).optional(),
    addressEn: text(500).optional(),
    phone: phone.optional(),
    metro: text(200).optional(),
    description: text(5000).optional(),
    descriptionEn: text(5000).optional(),
    amenities: amenityList.optional(),
    facilities: words.optional(),
    nearbySights: words.optional(),
    photos: photos.optional(),
    policies: policyMap.optional(),
    paymentMode: z.enum(['at_hotel', 'prepay']).optional(),
    holdMinutes: z.number().int().min(5).max(10080).optional(),
    cancelHours: z.number().int().min(0).max(720).optional(),
  })
  .strict()
  .superRefine(starsAgree);
export type HotelInput = z.output<typeof hotelBody>;

/** Body of `PATCH /hotels/:id`: any field of {@link hotelBody} but the tenant; null clears an optional one. */
export const hotelPatch = z
  .object({
    name: text(200).optional(),
    nameEn: text(200).nullable().optional(),
    city: text(50).optional(),
    cityEn: text(50).nullable().optional(),
    tier: tier.optional(),
    stars: stars.optional(),
    rating: z.number().min(0).max(5).nullable().optional(),
    address: text(500).nullable().optional(),
    addressEn: text(500).nullable().optional(),
    phone: phone.nullable().optional(),
    metro: text(200).nullable().optional(),
    description: text(5000).nullable().optional(),
    descriptionEn: text(5000).nullable().optional(),
    amenities: amenityList.optional(),
    facilities: words.optional(),
    nearbySights: words.optional(),
    photos: photos.optional(),
    policies: policyPatch.optional(),
    paymentMode: z.enum(['at_hotel', 'prepay']).optional(),
    holdMinutes: z.number().int().min(5).max(10080).optional(),
    cancelHours: z.number().int().min(0).max(720).optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'change at least one field' })
  .superRefine(starsAgree);
export type HotelPatch = z.output<typeof hotelPatch>;

/** `GET /hotels?limit&offset&tenantId`. */
export const hotelListQuery = z.object({ tenantId: z.uuid().optional(), ...pageShape }).strict();
export type HotelListQuery = z.output<typeof hotelListQuery>;
