// References to a hotel already shown: 第二家, 最后那家, 便宜一点的, 豪华那家, the luxury one, 那家, it, or a name.
import { amenityFromWord } from '../../../booking/amenities.ts';
import type { HotelRef } from '../understanding.ts';
import { NUM, parseNumber } from './numbers.ts';
import type { Scan } from './text.ts';

type Tier = Extract<HotelRef, { kind: 'tier' }>['tier'];

const ZH_ORDINAL = new RegExp(`第\\s*(${NUM})\\s*(?:家|个|间|种|项|条|号|位)?`, 'g');
const ZH_LAST = /最后(?:一|那|这)?(?:家|个|间)|倒数第一(?:家|个)?/g;
const EN_ORDINALS: Record<string, number> = {
  first: 0, '1st': 0, second: 1, '2nd': 1, third: 2, '3rd': 2, fourth: 3, '4th': 3, fifth: 4, '5th': 4, last: -1,
};
const EN_ORDINAL = /\b(?:the\s+)?(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)\s+(?:one|hotel|option|choice|place)\b|\b(?:book|choose|pick|take|want|like|select|prefer|reserve)\s+(?:the\s+)?(first|second|third|fourth|fifth|last)\b|\b(?:option|number|no\.?|hotel|#)\s*([1-9])\b/g;

const TIER_WORDS: Array<[RegExp, Tier]> = [
  [/^(?:经济型?|便宜|实惠|cheap|budget|economy|cheapest)$/, 'budget'],
  [/^(?:舒适型?|中档|中等|mid-?range|midrange|comfort|moderate)$/, 'comfort'],
  [/^(?:豪华型?|高档型?|贵|奢华|luxury|luxurious|upscale|fancy|expensive|pricey|deluxe)$/, 'luxury'],
];
const ZH_TIER_REF = /(最便宜|最贵|经济型?|便宜|实惠|舒适型?|中档|豪华型?|高档型?|奢华|贵)的?(?:那|这)(?:一)?(?:家|个|间)(?:酒店|宾馆)?|(?:那|这)(?:一)?(?:家|个|间)(经济型?|便宜|舒适型?|中档|豪华型?|高档型?|贵)的|(经济型|舒适型|高档型|豪华型)的(?=周边|附近|地址|电话|价格|评分|设施|早餐|停车)/g;
const EN_TIER_REF = /\bthe\s+(cheapest|cheap|budget|economy|mid-?range|midrange|comfort|moderate|luxury|luxurious|upscale|fancy|expensive|pricey|deluxe|most expensive)\s+(?:one|hotel|option|place)\b|\bthe\s+(cheapest|most expensive)\b/g;

const CHEAPER = /(?:更|再)?便宜(?:一)?(?:点|些)|更便宜|价格低一?(?:点|些)|(?:价格|价钱)?(?:再)?(?:低|少)一?(?:点|些)的|\bcheaper\b|less expensive|lower price|more affordable|more budget/g;
const PRICIER = /(?:更|再)?(?:贵|高档|豪华|好)(?:一)?(?:点|些)(?=的|酒店|吗|呢|吧|$|[，。,.?？!！ ])|更好的|升级一?下?|\bpricier\b|more expensive|\bnicer\b|fancier|better one|better hotel|more upscale|upgrade|more luxurious/g;
const ZH_THAT = /(?<=住|去|订|选)(?:那里|这里|那儿|这儿)|这家|那家|这一家|那一家|这间|那间|该酒店|该店|这个酒店|那个酒店|这个宾馆|那个宾馆|这酒店|那酒店|它家|他家|她家|它们家|就它|就这个|就那个|这个吧|那个吧|^这个|^那个|它的|它$|^它/g;
const EN_THAT = /\b(?:this one|that one|this hotel|that hotel|the hotel|this place|that place)\b|\b(?:book|reserve|take|choose|want|like|about|does|is|has|have|do they have|does it)\s+it\b|\bit(?:'s| has| have| offer| include| allow| is)\b/g;

// A hotel's own name: Chinese characters ending in 酒店/宾馆/饭店…, with an optional branch in brackets.
const ZH_NAME = /([\u4e00-\u9fa5A-Za-z0-9·&]{2,24}?(?:大酒店|酒店|宾馆|饭店|旅馆|客栈|民宿|公寓|大厦|山庄|度假村|青年旅舍|国际青年旅舍|连锁))((?:\s*[(（][^)）]{1,20}[)）]){0,2})/g;
// Characters that end a name when read backwards: words and particles that are not part of a hotel's name.
const NAME_STOP = /(?:一下|确认|了解|打听|查询|最好|希望|并且|而且|然后|还是|或者|如果|因为|所以|但是|不过|只要|比较|其他|别的|另一|任何|所有|整个|一般|普通|这种|那种|哪种|同一|当地|周围|城里|市区|市中心|机场|车站|火车站|景区|海边|江边|湖边|山上|一家|一个|一间|这家|那家|哪家|推荐|预定|预订|安排|介绍|请问|知道|看看|附近|周边|旁边|便宜|多少|什么|怎么|电话|地址|评分|价格|价位|最低|最高|以上|以下|设施|服务|提供|经济型|舒适型|高档型|豪华型|星级|[的了是在有个这那该哪些想要去住订找帮给吧呢吗啊把让请您你我他她它们就也都还])/g;
const GENERIC_NAME = /^(?:经济|舒适|高档|豪华|快捷|连锁|五星级?|四星级?|三星级?|星级|商务|度假|精品|主题|青年|国际|大|小|好|该|此|本|一家|这家|那家|哪家|附近|周边|市中心)*(?:大酒店|酒店|宾馆|饭店|旅馆|客栈|民宿|公寓|大厦|山庄|度假村|青年旅舍|国际青年旅舍|连锁)$/;
const EN_NAME = /\b((?:the\s+)?(?:[A-Z][\w'&.-]*\s+){1,4}(?:Hotel|Inn|Resort|Hostel|Suites|Lodge|Plaza|Residence))\b|\b((?:Hotel|Hostel)\s+(?:[A-Z][\w'&.-]*)(?:\s+[A-Z][\w'&.-]*){0,3})\b/g;

/**
 * The hotel the message points at, if any: an ordinal (0-based; -1 for the last), a tier ("豪华那家", "the luxury
 * one", "the cheapest"), cheaper/pricier than the one in focus, "that one", or a name. Claims what it reads.
 * @example readHotelRef(new Scan('订第二家')) // { kind: 'ordinal', index: 1 }
 */
export function readHotelRef(scan: Scan, cityNames: (s: string) => boolean): HotelRef | undefined {
  // Cheaper or pricier first: in "第三家太贵了，有没有便宜一点的" the third is only what to compare with.
  for (const _ of scan.matches(CHEAPER)) return { kind: 'cheaper' };
  for (const _ of scan.matches(PRICIER)) return { kind: 'pricier' };
  for (const _ of scan.matches(ZH_LAST)) return { kind: 'ordinal', index: -1 };
  for (const m of scan.matches(ZH_ORDINAL, false)) {
    const n = parseNumber(m[1]!);
    if (!n || !Number.isInteger(n) || n > 30) continue;
    scan.claim(m.index, m.index + m[0].length);
    return { kind: 'ordinal', index: n - 1 };
  }
  for (const m of scan.matches(EN_ORDINAL)) {
    const word = m[1] ?? m[2];
    return { kind: 'ordinal', index: word ? EN_ORDINALS[word]! : Number(m[3]) - 1 };
  }
  for (const m of scan.matches(ZH_TIER_REF)) {
    const w = m[1] ?? m[2] ?? m[3]!;
    const tier = w === '最便宜' ? 'budget' : w === '最贵' ? 'luxury' : tierOf(w);
    if (tier) return { kind: 'tier', tier };
  }
  for (const m of scan.matches(EN_TIER_REF)) {
    const w = (m[1] ?? m[2]!).replace(/^most expensive$/, 'expensive').replace(/^cheapest$/, 'cheap');
    const tier = tierOf(w);
    if (tier) return { kind: 'tier', tier };
  }
  const name = readHotelName(scan, cityNames);
  if (name) return { kind: 'name', name };
  for (const _ of scan.matches(ZH_THAT)) return { kind: 'that' };
  for (const _ of scan.matches(EN_THAT)) return { kind: 'that' };
  return undefined;
}

function tierOf(word: string): Tier | undefined {
  return TIER_WORDS.find(([re]) => re.test(word.toLowerCase()))?.[1];
}

/** A hotel's proper name in the message ("北京天伦王朝酒店", "如家快捷酒店(北京燕莎使馆区店)", "the Peninsula Hotel"). */
function readHotelName(scan: Scan, cityNames: (s: string) => boolean): string | undefined {
  const free = scan.free();
  for (const m of free.matchAll(ZH_NAME)) {
    let raw = m[1]!;
    // Keep what follows the last word that cannot be part of a name: "就去北京万商花园美居酒店" → "北京万商花园美居酒店".
    let cut = 0;
    for (const s of raw.matchAll(NAME_STOP)) cut = s.index + s[0].length;
    raw = raw.slice(cut);
    const core = raw.replace(/(?:大酒店|酒店|宾馆|饭店|旅馆|客栈|民宿|公寓|大厦|山庄|度假村|青年旅舍|国际青年旅舍|连锁)$/, '');
    // A list of facilities or a grade before 酒店 ("会议室酒店", "5分酒店") is a description, not a name.
    if (core.length < 2 || GENERIC_NAME.test(raw) || cityNames(core) || /[和与及或、]|^\d+(?:\.\d)?分$/.test(core)) continue;
    if (amenityFromWord(core) || /^[\d.]+$/.test(core)) continue;
    const start = m.index + cut;
    const end = m.index + m[0].length;
    scan.claim(start, end);
    return scan.text.slice(start, end).trim();
  }
  for (const m of scan.text.matchAll(EN_NAME)) {
    const name = (m[1] ?? m[2]!).replace(/^the\s+/i, '');
    if (!scan.isFree(m.index, m.index + m[0].length)) continue;
    const first = name.split(/\s+/)[0]!;
    if (/^(?:A|An|The|This|That|Any|Some|Nice|Good|Cheap|Big|Small|Budget|Luxury|Which|What)$/.test(first)) continue;
    scan.claim(m.index, m.index + m[0].length);
    return name;
  }
  return undefined;
}
