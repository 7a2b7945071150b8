// English names and districts for CrossWOZ's Beijing hotels, which come with Chinese names only.

/** Chain and hotel brands whose English names are well established; the longest match wins. */
const BRANDS: Array<[string, string]> = ([
  ['7天优品', '7 Days Premium'],
  ['7天', '7 Days Inn'],
  ['如家精选', 'Home Inn Selected'],
  ['如家', 'Home Inn'],
  ['汉庭', 'Hanting Hotel'],
  ['海友', 'Hi Inn'],
  ['全季', 'JI Hotel'],
  ['锦江之星品尚', 'Jinjiang Inn Select'],
  ['锦江之星', 'Jinjiang Inn'],
  ['格林豪泰', 'GreenTree Inn'],
  ['格林联盟', 'GreenTree Alliance'],
  ['布丁', 'Pod Inn'],
  ['速8', 'Super 8'],
  ['莫泰168', 'Motel 168'],
  ['桔子水晶', 'Crystal Orange Hotel'],
  ['桔子', 'Orange Hotel'],
  ['麗枫', 'Lavande Hotel'],
  ['丽枫', 'Lavande Hotel'],
  ['和颐', 'Yitel'],
  ['喆啡', 'James Joyce Coffetel'],
  ['维也纳', 'Vienna Hotel'],
  ['宜必思', 'ibis'],
  ['亚朵', 'Atour'],
  ['飘HOME', 'Piao Home Inn'],
  ['JW万豪', 'JW Marriott'],
  ['万豪行政公寓', 'Marriott Executive Apartments'],
  ['万豪', 'Marriott'],
  ['万怡', 'Courtyard by Marriott'],
  ['万丽', 'Renaissance'],
  ['丽思卡尔顿', 'The Ritz-Carlton'],
  ['希尔顿逸林', 'DoubleTree by Hilton'],
  ['希尔顿', 'Hilton'],
  ['皇冠假日', 'Crowne Plaza'],
  ['智选假日', 'Holiday Inn Express'],
  ['洲际', 'InterContinental'],
  ['威斯汀', 'The Westin'],
  ['福朋喜来登', 'Four Points by Sheraton'],
  ['喜来登', 'Sheraton'],
  ['香格里拉', 'Shangri-La'],
  ['柏悦', 'Park Hyatt'],
  ['君悦', 'Grand Hyatt'],
  ['诺富特', 'Novotel'],
  ['铂尔曼', 'Pullman'],
  ['美居', 'Mercure'],
  ['华尔道夫', 'Waldorf Astoria'],
  ['瑞吉', 'The St. Regis'],
  ['康莱德', 'Conrad'],
  ['费尔蒙', 'Fairmont'],
  ['凯宾斯基', 'Kempinski'],
  ['半岛酒店', 'The Peninsula'],
  ['瑰丽', 'Rosewood'],
  ['安缦', 'Aman'],
  ['日航', 'Nikko'],
  ['温德姆', 'Wyndham'],
  ['华美达', 'Ramada'],
  ['雅乐轩', 'Aloft'],
  ['康得思', 'Cordis'],
  ['马哥孛罗', 'Marco Polo'],
  ['瑞士酒店', 'Swissôtel'],
  ['四季酒店', 'Four Seasons'],
  ['W酒店', 'W Hotel'],
] satisfies Array<[string, string]>).sort((a, b) => b[0].length - a[0].length);

/** Beijing's districts. */
const DISTRICTS: Record<string, string> = {
  东城: 'Dongcheng',
  西城: 'Xicheng',
  朝阳: 'Chaoyang',
  海淀: 'Haidian',
  丰台: 'Fengtai',
  石景山: 'Shijingshan',
  通州: 'Tongzhou',
  顺义: 'Shunyi',
  昌平: 'Changping',
  大兴: 'Daxing',
  房山: 'Fangshan',
  门头沟: 'Mentougou',
  怀柔: 'Huairou',
  平谷: 'Pinggu',
  密云: 'Miyun',
  延庆: 'Yanqing',
};

/** The district of a Beijing address ("北京西城区广安门内大街217号" → 西城 / Xicheng), when it names one. */
export function districtOf(address: string): { zh: string; en: string } | undefined {
  const m = /^北京(?:市)?(.{2,3}?)区/u.exec(address);
  const zh = m?.[1];
  const en = zh ? DISTRICTS[zh] : undefined;
  return zh && en ? { zh, en } : undefined;
}

/** Latin words in a Chinese name ("南锣鼓巷CitiGO欢阁酒店" → "CitiGO"), skipping a bare "Hotels". */
function latinPart(name: string): string | undefined {
  const words = name.match(/[A-Za-z][A-Za-z0-9.&'-]*(?:\s+[A-Za-z][A-Za-z0-9.&'-]*)*|\d+[A-Za-z]+/g) ?? [];
  return words.find((w) => !/^hotels?$/i.test(w) && /[A-Za-z0-9].*[A-Za-z0-9]/.test(w));
}

/** What kind of place a name says it is, for names without a known brand. */
function kindOf(name: string): string {
  const core = name.replace(/[(（].*$/u, '');
  if (/四合院/u.test(core)) return 'Courtyard Hotel';
  if (/公寓/u.test(core)) return 'Apartments';
  if (/民宿/u.test(core)) return 'Guesthouse';
  if (/客栈|旅馆|旅店/u.test(core)) return 'Inn';
  if (/青年旅舍|青旅/u.test(core)) return 'Youth Hostel';
  return 'Hotel';
}

/**
 * An honest English name for a CrossWOZ hotel: its known brand or Latin name, else its kind, with the district.
 * No pinyin is available offline (ICU's Han-Latin misreads names such as 长城 and 地铁), so none is attempted.
 * @example englishName('如家快捷酒店(北京大观园店)', '北京西城区…') // 'Beijing Home Inn (Xicheng)'
 */
export function englishName(name: string, address: string): string {
  const latin = latinPart(name);
  const known = BRANDS.find(([zh]) => name.includes(zh))?.[1];
  const brand = known ?? (latin && !/hotel|inn/i.test(latin) ? `${latin} ${kindOf(name)}` : latin);
  const district = districtOf(address);
  const base = `Beijing ${(brand ?? kindOf(name)).replace(/^The /, '')}`;
  return district ? `${base} (${district.en})` : base;
}

/**
 * English names for a whole list, made unique: where the rule gives several hotels the same name
 * ("Beijing Hotel (Chaoyang)"), each keeps its Chinese name after it, which is what a traveller shows a driver anyway.
 * @example englishNames([{ name: '北京贵都大酒店', address: '北京西城区…' }, …]).get('北京贵都大酒店') // 'Beijing Hotel (Xicheng) · 北京贵都大酒店'
 */
export function englishNames(hotels: Array<{ name: string; address: string }>): Map<string, string> {
  const plain = hotels.map((h) => [h.name, englishName(h.name, h.address)] as const);
  const uses = new Map<string, number>();
  for (const [, en] of plain) uses.set(en, (uses.get(en) ?? 0) + 1);
  return new Map(plain.map(([zh, en]) => [zh, (uses.get(en) ?? 0) > 1 ? `${en} · ${zh}` : en]));
}
