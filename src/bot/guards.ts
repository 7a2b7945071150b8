// Guards on a reply before it is sent: no price, hotel or booking code that no tool returned; no phantom booking.
import type { Grounded } from './memory.ts';

/** One thing a reply stated that nothing grounds. */
export interface GuardHit {
  kind: 'price' | 'hotel' | 'code' | 'booking_claim';
  value: string;
}

// Amounts stand alone: "7CNY" inside the code TDSP7CNY is no price.
const MONEY_RES = [
  /[¥￥]\s?(\d[\d,]*(?:\.\d+)?)/g,
  /(?<![A-Za-z0-9.])(\d[\d,]*(?:\.\d+)?)\s?(?:元|块钱|块|人民币|yuan|RMB|CNY)(?![A-Za-z0-9])/gi,
  /(?<![A-Za-z0-9])(?:RMB|CNY)\s?(\d[\d,]*(?:\.\d+)?)(?![A-Za-z0-9])/gi,
];
const CODE_RE = /\bTD[2-9A-HJ-NP-Z]{6}\b/g;
const ZH_HOTEL_RE = /([\p{Script=Han}A-Za-z0-9·]{2,24}?)(大酒店|酒店|饭店|宾馆|旅馆|客栈|民宿|度假村|公寓)/gu;
const EN_HOTEL_RE = /((?:[A-Z][A-Za-z'&.-]*\s){1,6})(Hotel|Inn|Resort|Hostel|Suites|Lodge)\b/g;
// A name is what follows the last of these words before "酒店": "没有找到这家酒店" names no hotel, "为您推荐北京饭店" does.
const ZH_BREAK = /^.*(的|了|在|是|有|和|与|或|及|找到|没有|推荐|选择|入住|预订|预定|订|住|去|到|为|给|您|你|我|这|那|该|此|哪|每|家|间|个|些|其他|其它|别的|附近|以上|以下|上述|其中|任何|所有|更多|同一|[一两二三四五六七八九十几\d]+)/u;
// A stem made only of these describes a kind of hotel.
const ZH_GENERIC = /^(经济|经济型|舒适|舒适型|高档|高档型|豪华|豪华型|快捷|连锁|商务|星级|[一二三四五]星级?|度假|特色|精品|主题|情侣|亲子|平价|便宜|贵|好|合适|不错|满意|同|大|小|新)$/u;
const EN_GENERIC = /^(The|This|That|These|Those|A|An|Any|Each|Every|Your|Our|Budget|Comfort|Luxury|Mid-range|Cheap|Cheaper|Nice|Good|Great|Another|Other|Which|Some|Best|One|Two|Three)\s/;
const CLAIM_RE = /(预订成功|已为您预订|已经为您预订|已为您订好|订好了|已确认预订|booking is confirmed|you(?:'re| are) booked|i(?:'ve| have) booked|reservation is confirmed|successfully booked)/i;

const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s()（）·,，.-]/g, '');

/**
 * What `text` states that `g` does not ground. `turn` says whether a tool wrote a reservation in this turn and which
 * reservation codes this turn's tools returned: only then may a reply claim a booking.
 */
export function checkReply(
  text: string,
  g: Grounded,
  turn: { wrote: boolean; codes: readonly string[] },
  travellerCodes: readonly string[] = [],
): GuardHit[] {
  const hits: GuardHit[] = [];
  const amounts = g.amounts;
  for (const re of MONEY_RES) {
    for (const m of text.matchAll(re)) {
      const n = Number(m[1]!.replace(/,/g, ''));
      if (!amounts.some((a) => Math.abs(a - n) <= 1)) hits.push({ kind: 'price', value: m[0].trim() });
    }
  }
  const codes = new Set(g.codes);
  const mentioned = new Set(travellerCodes);
  for (const c of text.match(CODE_RE) ?? []) if (!codes.has(c) && !mentioned.has(c)) hits.push({ kind: 'code', value: c });
  const names = g.names.map(norm).filter((n) => n.length >= 2);
  const known = (candidate: string) => {
    const c = norm(candidate);
    return names.some((n) => n.includes(c) || c.includes(n));
  };
  for (const m of text.matchAll(ZH_HOTEL_RE)) {
    const stem = m[1]!.replace(ZH_BREAK, '');
    if (stem.length < 2 || ZH_GENERIC.test(stem)) continue;
    const name = stem + m[2]!;
    if (!known(name)) hits.push({ kind: 'hotel', value: name });
  }
  for (const m of text.matchAll(EN_HOTEL_RE)) {
    let phrase = m[0].trim();
    while (EN_GENERIC.test(phrase)) phrase = phrase.replace(EN_GENERIC, '');
    if (!/\s/.test(phrase)) continue; // only the word "Hotel" is left
    if (!known(phrase)) hits.push({ kind: 'hotel', value: phrase });
  }
  // A booking may be claimed only in the turn a tool wrote it or read it back, never on the strength of an old code.
  if (CLAIM_RE.test(text) && !turn.wrote && !(text.match(CODE_RE) ?? []).some((c) => turn.codes.includes(c))) {
    hits.push({ kind: 'booking_claim', value: text.match(CLAIM_RE)![0] });
  }
  return dedupe(hits);
}

function dedupe(hits: GuardHit[]): GuardHit[] {
  const seen = new Set<string>();
  return hits.filter((h) => (seen.has(h.kind + h.value) ? false : (seen.add(h.kind + h.value), true)));
}
