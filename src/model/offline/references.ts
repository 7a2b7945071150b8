// Which shown hotel the traveller means: "第二家", "豪华那家", "便宜一点的", "那家", a name, or the one in focus.
import type { Offer } from './results.ts';
import { tierIsReference, type DialogueState } from './state.ts';
import type { HotelRef } from './understanding.ts';

const price = (o: Offer) => o.pricePerNight.amount;

/** The one item of `xs`, or undefined when there are none or several. */
export const only = <T>(xs: T[]): T | undefined => (xs.length === 1 ? xs[0] : undefined);

/** The shown offer of the hotel the conversation is about (the last one detailed or prepared). */
export function focusOffer(s: DialogueState): Offer | undefined {
  return s.focus ? s.search?.all.find((o) => o.hotelId === s.focus!.hotelId) : undefined;
}

/** The shown hotel this message points at, if any. */
export function refOf(s: DialogueState): Offer | undefined {
  const u = s.u;
  if (!s.search) return undefined;
  if (u.hotelRef) return resolveRef(u.hotelRef, s);
  if (u.tier && tierIsReference(u, s.search)) return resolveRef({ kind: 'tier', tier: u.tier }, s);
  return undefined;
}

/**
 * The offer a reference points at, counted as the traveller was shown them; "cheaper" and "pricier" move from the
 * hotel in focus, or go to the ends of the range when there is none.
 * @example resolveRef({ kind: 'ordinal', index: 1 }, state) // the second hotel shown
 */
export function resolveRef(ref: HotelRef, s: DialogueState): Offer | undefined {
  const search = s.search;
  if (!search) return undefined;
  const { shown, all } = search;
  const base = focusOffer(s);
  switch (ref.kind) {
    case 'ordinal':
      return ref.index < 0 ? shown.at(ref.index) : shown[ref.index];
    case 'tier':
      return shown.find((o) => o.tier === ref.tier) ?? all.find((o) => o.tier === ref.tier);
    case 'cheaper': {
      const cheaper = base ? all.filter((o) => price(o) < price(base)) : all;
      return [...cheaper].sort((a, b) => (base ? price(b) - price(a) : price(a) - price(b)))[0];
    }
    case 'pricier': {
      const pricier = base ? all.filter((o) => price(o) > price(base)) : all;
      return [...pricier].sort((a, b) => (base ? price(a) - price(b) : price(b) - price(a)))[0];
    }
    case 'that':
      return base ?? only(shown);
    case 'name': {
      const n = ref.name.toLowerCase().replace(/\s+/g, '');
      const fits = (x: string | null | undefined) => {
        const v = (x ?? '').toLowerCase().replace(/\s+/g, '');
        return v.length > 0 && (v.includes(n) || n.includes(v));
      };
      return all.find((o) => fits(o.name) || fits(o.nameEn));
    }
  }
}
