// Grounding: the facts a reply may state are those the tools returned or the traveller said.
import type { Grounded } from './memory.ts';

const CODE_RE = /\bTD[2-9A-HJ-NP-Z]{6}\b/g;
const NAME_KEYS = new Set(['name', 'nameEn', 'hotelName', 'roomName', 'roomNameEn']);
/** An amount written in a text the tool returned (an operator's FAQ answer, a policy): ¥500, 500元, 500 yuan. */
const TEXT_AMOUNT_RE = /[¥￥]\s*(\d[\d,]*(?:\.\d+)?)|(\d[\d,]*(?:\.\d+)?)\s*(?:元|块|yuan\b|RMB\b|CNY\b)/gi;

/** Adds the facts in a tool result (money amounts, also those written in its texts; names; reservation codes) to `g`. */
export function groundToolResult(g: Grounded, data: unknown): void {
  const walk = (v: unknown, key: string | undefined, depth: number): void => {
    if (depth > 8 || v === null || v === undefined) return;
    if (Array.isArray(v)) return v.forEach((x) => walk(x, key, depth + 1));
    if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.amount === 'number' && o.currency === 'CNY') g.amounts.push(o.amount / 100);
      for (const [k, x] of Object.entries(o)) walk(x, k, depth + 1);
      return;
    }
    if (typeof v === 'number' && key && /price|total|amount|budget|yuan/i.test(key)) g.amounts.push(v);
    if (typeof v === 'string') {
      if (key && NAME_KEYS.has(key)) g.names.push(v);
      for (const c of v.match(CODE_RE) ?? []) g.codes.push(c);
      for (const m of v.matchAll(TEXT_AMOUNT_RE)) g.amounts.push(Number((m[1] ?? m[2]!).replace(/,/g, '')));
    }
  };
  walk(data, undefined, 0);
}

/** Adds the numbers a traveller typed (a budget they named may be repeated back to them). */
export function groundTravellerText(g: Grounded, text: string): void {
  for (const m of text.matchAll(/\d[\d,]*(?:\.\d+)?/g)) {
    const n = Number(m[0].replace(/,/g, ''));
    // Amounts people name are below a million yuan; longer digit runs are phone numbers and ids, not money.
    if (n < 1_000_000) g.amounts.push(n);
  }
}

/** Reservation codes a traveller typed: the bot may repeat them, but they prove no booking. */
export function codesIn(text: string): string[] {
  return text.toUpperCase().match(CODE_RE) ?? [];
}
