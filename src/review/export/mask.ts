// Masking for training data: guest names and phone numbers become placeholders, the same one in every place.
import { maskPhonesInText } from '../../security/index.ts';

// A phone number after maskPhonesInText ("138****8000", "*******8000", "+86****5678"): stars with digits around.
const MASKED_PHONE = /(?<![\w*+])(?:\+?\d{1,4}\*{3,}\d{0,4}|\*{3,}\d{2,4})(?![\w*])/g;

/**
 * Replaces guest names and phone numbers with numbered placeholders (`<NAME_1>`, `<PHONE_1>`): the same name or
 * number gets the same placeholder everywhere in one conversation, so the data still reads consistently.
 * @example const m = new Masker(['张三']); m.text('张三，13800138000') // '<NAME_1>，<PHONE_1>'
 */
export class Masker {
  readonly #names: string[];
  readonly #nameSlots = new Map<string, string>();
  readonly #phoneSlots = new Map<string, string>();

  /** `names`: the guest names to hide (longest are replaced first, so "张三丰" is not read as "张三"). */
  constructor(names: Iterable<string>) {
    const unique = [...new Set([...names].map((n) => n.trim()).filter((n) => n.length >= 2))];
    this.#names = unique.sort((a, b) => b.length - a.length);
  }

  /** `text` with its names and phone numbers replaced. */
  text(text: string): string {
    let out = text;
    for (const name of this.#names) {
      if (!out.includes(name)) continue;
      let slot = this.#nameSlots.get(name);
      if (!slot) this.#nameSlots.set(name, (slot = `<NAME_${this.#nameSlots.size + 1}>`));
      out = out.split(name).join(slot);
    }
    return maskPhonesInText(out).replace(MASKED_PHONE, (m) => {
      // "+86*******5678" and "139****5678" are one number written two ways: its last digits tell it.
      const key = /\d*$/.exec(m)![0];
      let slot = this.#phoneSlots.get(key);
      if (!slot) this.#phoneSlots.set(key, (slot = `<PHONE_${this.#phoneSlots.size + 1}>`));
      return slot;
    });
  }

  /** A copy of a JSON value with every string masked. */
  deep<T>(value: T): T {
    if (typeof value === 'string') return this.text(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.deep(v)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.deep(v)])) as T;
    }
    return value;
  }
}

/**
 * The guest names a conversation's tool calls carried: `guestName` arguments and results, and `guest.name` results.
 * @example guestNames([{ arguments: '{"guestName":"张三"}', result: null }]) // ['张三']
 */
export function guestNames(steps: Array<{ arguments: string; result: unknown }>): string[] {
  const names: string[] = [];
  const visit = (v: unknown, key?: string): void => {
    if (typeof v === 'string') {
      if (key === 'guestName') names.push(v);
      return;
    }
    if (Array.isArray(v)) return v.forEach((x) => visit(x));
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'guest' && x && typeof x === 'object' && typeof (x as { name?: unknown }).name === 'string') names.push((x as { name: string }).name);
        visit(x, k);
      }
    }
  };
  for (const s of steps) {
    try {
      visit(JSON.parse(s.arguments));
    } catch {
      // arguments that are not JSON name no guest
    }
    visit(s.result);
  }
  return names;
}
