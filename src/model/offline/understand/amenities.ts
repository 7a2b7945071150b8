// Facilities named in a message, and whether each is wanted or said not to be needed (不需要早餐, no parking needed).
import { AMENITIES, amenityFromWord, type AmenityCode } from '../../../booking/amenities.ts';
import type { Scan } from './text.ts';

// Words too loose to mean the facility in free text ("family of four", "前台电话", "手机充电").
const LOOSE = new Set(['family', '前台', '充电', 'meeting', '会议', 'accessible', '上网', 'internet', 'dining', 'conference']);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[\s-]+/g, '[\\s-]?');

function buildPattern(): RegExp {
  const words = [...new Set(Object.values(AMENITIES).flat().map((w) => w.toLowerCase()))]
    .filter((w) => !LOOSE.has(w))
    .sort((a, b) => b.length - a.length);
  // Latin words need word boundaries: "spa" is not in "space", "bar" not in "barbecue".
  const alt = words.map((w) => (/^[a-z]/.test(w) ? `\\b${escape(w)}s?\\b` : escape(w))).join('|');
  return new RegExp(`(?:24\\s*小时|全天|免费|收费|室内|室外|私人)?(?:${alt})`, 'g');
}

const AMENITY = buildPattern();

// Negation before the facility, within its clause: 不需要早餐, 不用停车位, no need for parking, without breakfast.
const NEG_BEFORE = /不\s*$|(?:不需要|不用|不要|无需|不必|没必要|用不着|不在乎|不在意|不含|不带|不包|不提供|no need for|don'?t need|do not need|doesn'?t need|don'?t care about|don'?t mind about|not bothered about|without|skip(?: the)?|\bno)\s*(?:有|提供|带|a|an|the|any)?[^，。,.;；!?！？]*$/;
// Or after it: 早餐不需要, 停车无所谓, breakfast not needed, parking is optional.
const NEG_AFTER = /^\s*(?:也|就|都)?(?:不需要|不用|不要|无所谓|没关系|可有可无|不重要|不必|没必要|不需|免了|is not needed|not needed|isn'?t needed|is not necessary|not necessary|isn'?t necessary|not required|is optional|optional|doesn'?t matter|does not matter|not important)/;
const EITHER_WAY = /有没有([^，。,.;；!?！？]{1,12}?)都(?:行|可以|无所谓|没关系|ok|好)/g;

/** What the amenity reader found: codes wanted and codes not needed, in the order named. */
export interface AmenityMentions {
  wanted: AmenityCode[];
  notNeeded: AmenityCode[];
  /** Where each wanted facility was named, to tell a wish from a question about one hotel. */
  at: Map<AmenityCode, number>;
}

/**
 * Facilities named, each mapped through amenityFromWord and sorted into wanted and not needed; 有没有X都行 is not
 * needed. Claims what it reads, including the negation.
 * @example readAmenities(new Scan('要有停车场，不需要早餐')) // { wanted: ['parking'], notNeeded: ['breakfast'] }
 */
export function readAmenities(scan: Scan): AmenityMentions {
  const out: AmenityMentions = { wanted: [], notNeeded: [], at: new Map() };
  const add = (list: AmenityCode[], code: AmenityCode) => {
    if (!out.wanted.includes(code) && !out.notNeeded.includes(code)) list.push(code);
  };
  for (const m of scan.matches(EITHER_WAY, false)) {
    const inner = new RegExp(AMENITY.source, 'g');
    for (let w = inner.exec(m[1]!); w; w = inner.exec(m[1]!)) {
      const code = amenityFromWord(w[0].replace(/^(?:24\s*小时|全天|免费|收费|室内|室外|私人)(?=.)/, '')) ?? amenityFromWord(w[0]);
      if (code) add(out.notNeeded, code);
    }
    if (out.notNeeded.length) scan.claim(m.index, m.index + m[0].length);
  }
  const free = scan.free();
  for (const m of scan.matches(AMENITY)) {
    const code = amenityFromWord(m[0]) ?? amenityFromWord(m[0].replace(/^(?:24\s*小时|全天|免费|收费|室内|室外|私人)/, ''));
    if (!code) continue;
    // A place named after one ("故宫餐厅周边"), or a restaurant looked for ("评分高的餐厅"), is no facility.
    const next = free.slice(m.index + m[0].length, m.index + m[0].length + 3);
    if (/^(?:周边|附近|旁边|对面|那边)/.test(next)) continue;
    if ((m[0] === '餐厅' || m[0] === 'restaurant') && /[的个家一]\s*$/.test(free.slice(Math.max(0, m.index - 2), m.index))) continue;
    const before = free.slice(Math.max(0, m.index - 24), m.index);
    const after = free.slice(m.index + m[0].length, m.index + m[0].length + 16);
    const neg = NEG_BEFORE.exec(before);
    const negAfter = NEG_AFTER.exec(after);
    if (neg || negAfter) {
      add(out.notNeeded, code);
      if (neg) scan.claim(m.index - neg[0].length, m.index);
      if (negAfter) scan.claim(m.index + m[0].length, m.index + m[0].length + negAfter[0].length);
    } else {
      add(out.wanted, code);
      if (!out.at.has(code)) out.at.set(code, m.index);
    }
  }
  return out;
}
