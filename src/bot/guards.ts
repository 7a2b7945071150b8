// Guards on a reply before it is sent: no price, hotel or booking code that no tool returned; no phantom booking.
import type { Grounded } from './memory.ts';

/** One thing a reply stated that nothing grounds. */
export interface GuardHit {
  kind: 'price' | 'hotel' | 'code' | 'booking_claim';
  value: string;
}

const MONEY_RES = [
  /[¥￥]\s?(\d[\d,]*(?:\.\d+)?)/g,
  /(\d[\d,]*(?:\.\d+)?)\s?(?:元|块钱|块|人民币|yuan|RMB|CNY)/gi,
  /(?:RMB|CNY)\s?(\d[\d,]*(?:\.\d+)?)/gi,
];
const CODE_RE = /\bTD[2-9A-HJ-NP-Z]{6}\b/g;
const ZH_HOTEL_RE = /([\p{Script=Han}A-Za-z0-9·]{2,24}?)(大酒店|酒店|饭店|宾馆|旅馆|客栈|民宿|度假村|公寓)/gu;
const EN_HOTEL_RE = /((?:[A-Z][A-Za-z'&.-]*\s){1,6})(Hotel|Inn|Resort|Hostel|Suites|Lodge)\b/g;
// Words that make "…酒店" a kind of hotel rather than a name.
const ZH_GENERIC = /^(这|那|该|本|此|哪|每|一|两|二|三|四|五|几|其他|其它|别的|附近|推荐|经济|舒适|高档|豪华|快捷|连锁|商务|星级|度假|特色|精品|主题|情侣|亲子|平价|便宜|贵|好的|合适|不错|满意|入住|预订|订|的|您|你|为您|给您|找|家|间|些|个|同一|上述|以上|以下|下面|上面|这些|那些|所有|任何|其中|更多)/u;
const EN_GENERIC = /^(The|This|That|These|Those|A|An|Any|Each|Every|Your|Our|Budget|Comfort|Luxury|Mid-range|Cheap|Cheaper|Nice|Good|Great|Another|Other|Which|Some|Best|One|Two|Three)\s/;
const CLAIM_RE = /(预订成功|已为您预订|已经为您预订|已为您订好|订好了|已确认预订|booking is confirmed|you(?:'re| are) booked|i(?:'ve| have) booked|reservation is confirmed|successfully booked)/i;

const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s()（）·,，.-]/g, '');

/**
 * What `text` states that `g` does not ground. `wroteThisTurn` is true when a booking tool made a reservation in
 * this turn, the only time a reply may claim one without naming a grounded code.
 */
export function checkReply(text: string, g: Grounded, wroteThisTurn: boolean, travellerCodes: string[] = []): GuardHit[] {
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
    const stem = m[1]!;
    if (ZH_GENERIC.test(stem) || stem.includes('的') || stem.length < 2) continue;
    if (!known(m[0])) hits.push({ kind: 'hotel', value: m[0] });
  }
  for (const m of text.matchAll(EN_HOTEL_RE)) {
    const phrase = m[0].trim();
    if (EN_GENERIC.test(phrase)) continue;
    if (!known(phrase)) hits.push({ kind: 'hotel', value: phrase });
  }
  if (CLAIM_RE.test(text) && !wroteThisTurn && !(text.match(CODE_RE) ?? []).some((c) => codes.has(c))) {
    hits.push({ kind: 'booking_claim', value: text.match(CLAIM_RE)![0] });
  }
  return dedupe(hits);
}

function dedupe(hits: GuardHit[]): GuardHit[] {
  const seen = new Set<string>();
  return hits.filter((h) => (seen.has(h.kind + h.value) ? false : (seen.add(h.kind + h.value), true)));
}
