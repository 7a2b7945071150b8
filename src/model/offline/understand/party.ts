// Who is staying and in how many rooms: 两个人, 2 adults, 一家三口, 三间房, a double room for two.
import { EN_NUM, NUM, parseNumber } from './numbers.ts';
import type { Scan } from './text.ts';

/** What the party reader found. */
export interface Party {
  guests?: number;
  children?: number;
  rooms?: number;
  roomType?: RoomType;
}

/** The kind of room asked for. */
export type RoomType = 'single' | 'double' | 'twin' | 'family' | 'suite';

const ZH_ADULTS = new RegExp(`(${NUM})\\s*(?:个|位|名)?\\s*(?:大人|成人|成年人|人|口人)(?![间房床民])`, 'g');
const ZH_CHILDREN = new RegExp(`(${NUM})\\s*(?:个|位|名)?\\s*(?:小孩|孩子|儿童|宝宝|小朋友|婴儿)`, 'g');
const ZH_FAMILY = new RegExp(`一家(${NUM})口`, 'g');
const ZH_COUPLE = /我们俩|我们两个|咱们俩|咱俩|我俩|他俩|两口子|夫妻|情侣|我和(?:我)?(?:的)?(?:老婆|老公|妻子|丈夫|太太|先生|爱人|女朋友|男朋友|女友|男友|对象|妈妈|爸爸|母亲|父亲|老妈|老爸|朋友|同事|闺蜜|同学|妹妹|姐姐|弟弟|哥哥)|带(?:着)?(?:我)?(?:的)?(?:女朋友|男朋友|老婆|老公|妻子|丈夫|妈妈|爸爸|老妈|老爸|母亲|父亲|女友|男友)/g;
const ZH_SOLO = /就我一个人?|我一个人|一个人住|自己一个人|独自|单身一人/g;
const ZH_ROOMS = new RegExp(`(${NUM})\\s*(?:间|个|套)\\s*(房间|客房|房|标间|标准间|大床房|双床房|单人间|双人间|家庭房|套房|亲子房)?`, 'g');
const ROOM_TYPE_ZH: Array<[RegExp, RoomType]> = [
  [/大床房?|双人床|情侣房/, 'double'],
  [/双床房?|标间|标准间|双人间|两张床/, 'twin'],
  [/单人间|单人房|单间/, 'single'],
  [/家庭房|亲子房|三人间|家庭套房/, 'family'],
  [/套房|套间/, 'suite'],
];
const ZH_ROOM_TYPES = /大床房?|双人床|情侣房|双床房?|标间|标准间|双人间|两张床|单人间|单人房|单间|家庭房|亲子房|三人间|家庭套房|套房|套间/g;

const EN_ADULTS = new RegExp(`\\b(${EN_NUM})\\s+(?:adults?|people|persons?|guests?|pax|travell?ers|of us|grown-?ups)\\b`, 'g');
const EN_CHILDREN = new RegExp(`\\b(${EN_NUM})\\s+(?:kids?|children|child|babies|baby|infants?|toddlers?)\\b`, 'g');
// "for two": a count of people only where a clause or a place follows ("a room for two", "for 2 in Beijing").
const EN_FOR = /\bfor\s+(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a couple)(?=\s*(?:$|[,.!?;]|people|persons|adults|guests|of us|please|and|in|at|on|from|this|next|tomorrow|tonight))/g;
const EN_FAMILY = new RegExp(`\\bfamily of\\s+(${EN_NUM})\\b`, 'g');
const EN_COUPLE = /\b(?:me and my|my (?:wife|husband|partner|girlfriend|boyfriend|friend|mom|mum|dad|mother|father|colleague|sister|brother) and i|with my (?:wife|husband|partner|girlfriend|boyfriend|friend|mom|mum|dad|mother|father|colleague|sister|brother)|(?:a|my|the) couple|two of us|both of us)\b/g;
const EN_SOLO = /\b(?:just me|only me|by myself|on my own|alone|solo|single traveller|single traveler|myself only)\b/g;
const EN_ROOMS = new RegExp(`\\b(${EN_NUM})\\s+(?:(double|twin|single|king|queen|family|standard|deluxe|superior|suite)\\s+)?(?:rooms?|suites?)\\b`, 'g');
const ROOM_TYPE_EN: Record<string, RoomType> = { double: 'double', king: 'double', queen: 'double', twin: 'twin', single: 'single', family: 'family', suite: 'suite' };

/**
 * Guests (adults plus children), children, rooms and the room type. Claims what it reads.
 * @example readParty(new Scan('两个大人一个小孩，订一间大床房')) // { guests: 3, children: 1, rooms: 1, roomType: 'double' }
 */
export function readParty(scan: Scan): Party {
  const p: Party = {};
  let adults: number | undefined;
  const first = (re: RegExp): RegExpExecArray | undefined => {
    for (const m of scan.matches(re)) return m;
    return undefined;
  };
  const count = (m: RegExpExecArray | undefined, max = 30) => {
    const n = m ? parseNumber(m[1]!) : undefined;
    return n && Number.isInteger(n) && n <= max ? n : undefined;
  };

  const children = count(first(ZH_CHILDREN)) ?? count(first(EN_CHILDREN));
  if (children) p.children = children;
  const family = count(first(ZH_FAMILY)) ?? count(first(EN_FAMILY));

  // Rooms before adults: "两间" is rooms; "一间大床房" says the room type too.
  for (const m of scan.matches(ZH_ROOMS, false)) {
    const n = count(m, 20);
    const noun = m[2];
    // "个" alone counts anything ("两个人"): only 间/套, or 个 with a room noun, count rooms.
    if (!n || (!noun && !/[间套]/.test(m[0]))) continue;
    scan.claim(m.index, m.index + m[0].length);
    p.rooms = n;
    if (noun) p.roomType = zhRoomType(noun) ?? p.roomType;
    break;
  }
  if (!p.rooms) {
    const m = first(EN_ROOMS);
    if (m) {
      p.rooms = count(m, 20);
      if (m[2] && ROOM_TYPE_EN[m[2]]) p.roomType = ROOM_TYPE_EN[m[2]];
    } else {
      const a = first(/\ban? (double|twin|single|king|queen|family)(?:[\s-]+bed(?:ded)?)? room\b|\ban? (?:room|suite)\b/g);
      if (a) {
        p.rooms = 1;
        if (a[1] && ROOM_TYPE_EN[a[1]]) p.roomType = ROOM_TYPE_EN[a[1]];
      }
    }
  }
  if (!p.roomType) {
    const t = first(ZH_ROOM_TYPES);
    if (t) p.roomType = zhRoomType(t[0]);
    const e = first(/\b(double|twin|single|king|queen|family)(?:[\s-]+bed(?:ded)?)? rooms?\b|\b(suite)\b/g);
    if (!p.roomType && e) p.roomType = ROOM_TYPE_EN[e[1] ?? e[2]!];
  }

  adults = count(first(ZH_ADULTS)) ?? count(first(EN_ADULTS)) ?? count(first(EN_FOR), 20);
  if (adults === undefined && first(ZH_COUPLE)) adults = 2;
  if (adults === undefined && first(EN_COUPLE)) adults = 2;
  if (adults === undefined && (first(ZH_SOLO) || first(EN_SOLO))) adults = 1;

  if (family) p.guests = family;
  else if (adults !== undefined) p.guests = adults + (children ?? 0);
  return p;
}

function zhRoomType(noun: string): RoomType | undefined {
  return ROOM_TYPE_ZH.find(([re]) => re.test(noun))?.[1];
}
