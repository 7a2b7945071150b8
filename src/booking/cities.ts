// Cities travellers name, in Chinese and English, resolved to one canonical city.

/** A city: its Chinese name (canonical), English name, and the lower-case key hotels are indexed by. */
export interface City {
  zh: string;
  en: string;
  key: string;
}

/** [Chinese, English, other names…] for the cities travellers ask about most. */
const KNOWN: Array<[string, string, ...string[]]> = [
  ['北京', 'Beijing', 'Peking', '北京市', '帝都'],
  ['上海', 'Shanghai', '上海市', '魔都', '沪'],
  ['杭州', 'Hangzhou', '杭州市'],
  ['成都', 'Chengdu', '成都市', '蓉城'],
  ['西安', "Xi'an", 'Xian', '西安市'],
  ['三亚', 'Sanya', '三亚市'],
  ['广州', 'Guangzhou', 'Canton', '广州市'],
  ['深圳', 'Shenzhen', '深圳市'],
  ['南京', 'Nanjing', '南京市'],
  ['苏州', 'Suzhou', '苏州市'],
  ['重庆', 'Chongqing', '重庆市', '山城'],
  ['武汉', 'Wuhan', '武汉市'],
  ['长沙', 'Changsha', '长沙市'],
  ['厦门', 'Xiamen', 'Amoy', '厦门市'],
  ['青岛', 'Qingdao', 'Tsingtao', '青岛市'],
  ['天津', 'Tianjin', '天津市'],
  ['昆明', 'Kunming', '昆明市'],
  ['丽江', 'Lijiang', '丽江市'],
  ['大理', 'Dali', '大理市'],
  ['桂林', 'Guilin', '桂林市'],
  ['拉萨', 'Lhasa', '拉萨市'],
  ['哈尔滨', 'Harbin', '哈尔滨市'],
  ['大连', 'Dalian', '大连市'],
  ['沈阳', 'Shenyang', '沈阳市'],
  ['郑州', 'Zhengzhou', '郑州市'],
  ['济南', 'Jinan', '济南市'],
  ['福州', 'Fuzhou', '福州市'],
  ['南宁', 'Nanning', '南宁市'],
  ['贵阳', 'Guiyang', '贵阳市'],
  ['海口', 'Haikou', '海口市'],
  ['张家界', 'Zhangjiajie', '张家界市'],
  ['黄山', 'Huangshan', '黄山市'],
  ['香港', 'Hong Kong', 'HK', 'Hongkong'],
  ['澳门', 'Macau', 'Macao'],
];

const fold = (s: string) => s.normalize('NFKC').trim().toLowerCase().replace(/[\s'’·-]+/g, '');

const INDEX = new Map<string, City>();
for (const [zh, en, ...aliases] of KNOWN) {
  const city = { zh, en, key: fold(en) };
  for (const name of [zh, en, ...aliases]) INDEX.set(fold(name), city);
}

/**
 * The known city a traveller or operator means, or undefined.
 * @example resolveCity('peking') // { zh: '北京', en: 'Beijing', key: 'beijing' }
 */
export function resolveCity(name: string): City | undefined {
  const f = fold(name);
  return INDEX.get(f) ?? INDEX.get(f.replace(/(市|city)$/u, ''));
}

/**
 * The city for a hotel an operator creates: a known one, or a new one keyed by its folded name.
 */
export function cityForHotel(name: string, nameEn?: string): City {
  const known = resolveCity(name) ?? (nameEn ? resolveCity(nameEn) : undefined);
  if (known) return known;
  const zh = name.trim();
  return { zh, en: nameEn?.trim() || zh, key: fold(nameEn || zh) };
}

/** Every known city (for prompts and suggestions). */
export function knownCities(): City[] {
  return [...new Set(INDEX.values())];
}

/** The lookup key of a name a traveller typed, for cities not in the known list. */
export function cityKey(name: string): string {
  return resolveCity(name)?.key ?? fold(name).replace(/(市|city)$/u, '');
}
