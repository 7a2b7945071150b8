// The amenity vocabulary: canonical codes with Chinese and English labels and the words people use for them.

/** code → [Chinese label, English label, other words travellers and hotels use…] */
export const AMENITIES = {
  wifi: ['免费WiFi', 'Free Wi-Fi', 'wifi', 'wi-fi', '无线网络', '无线上网', '上网'],
  broadband: ['宽带上网', 'Broadband', '宽带', 'internet'],
  breakfast: ['早餐', 'Breakfast', '早餐服务', '含早', '自助早餐'],
  parking: ['停车场', 'Parking', '停车', '免费停车', 'car park'],
  gym: ['健身房', 'Gym', 'fitness', '健身'],
  pool: ['游泳池', 'Swimming pool', '泳池', 'pool', '室内游泳池', '室外游泳池'],
  spa: ['SPA', 'Spa', '水疗', '桑拿', 'sauna', '按摩'],
  restaurant: ['餐厅', 'Restaurant', '中式餐厅', '西式餐厅', '中餐厅', '西餐厅'],
  bar: ['酒吧', 'Bar', 'lounge'],
  meeting_room: ['会议室', 'Meeting rooms', 'meeting', '会议'],
  business_center: ['商务中心', 'Business centre', 'business center'],
  airport_shuttle: ['接机服务', 'Airport shuttle', '接机', '机场接送', 'airport pickup'],
  station_shuttle: ['接站服务', 'Station pickup', '接站', '接送'],
  laundry: ['洗衣服务', 'Laundry', '洗衣'],
  luggage_storage: ['行李寄存', 'Luggage storage', '寄存行李', 'left luggage'],
  wake_up_call: ['叫醒服务', 'Wake-up call', '叫醒'],
  non_smoking: ['无烟房', 'Non-smoking rooms', '禁烟', 'non smoking', 'no smoking'],
  hot_water_24h: ['24小时热水', '24-hour hot water', '热水'],
  hair_dryer: ['吹风机', 'Hair dryer'],
  heating: ['暖气', 'Heating', '供暖'],
  kids_club: ['儿童乐园', 'Kids club', '亲子', 'family', '儿童'],
  pets: ['可带宠物', 'Pets allowed', '宠物', 'pet friendly', 'pets'],
  accessible: ['无障碍设施', 'Accessible rooms', '无障碍', 'wheelchair', '残疾人设施'],
  beach: ['私人海滩', 'Private beach', '海滩', 'beach'],
  ev_charging: ['充电桩', 'EV charging', '充电'],
  front_desk_24h: ['24小时前台', '24-hour front desk', '前台'],
  international_calls: ['国际长途电话', 'International calls', '国际长途'],
} as const satisfies Record<string, readonly [string, string, ...string[]]>;

export type AmenityCode = keyof typeof AMENITIES;

/** All amenity codes. */
export const AMENITY_CODES = Object.keys(AMENITIES) as AmenityCode[];

/** True for a known amenity code. */
export function isAmenityCode(s: string): s is AmenityCode {
  return Object.hasOwn(AMENITIES, s);
}

/** The label of an amenity in a locale. */
export function amenityLabel(code: AmenityCode, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  return AMENITIES[code][locale === 'en' ? 1 : 0];
}

const WORDS: Array<[string, AmenityCode]> = Object.entries(AMENITIES)
  .flatMap(([code, words]) => words.map((w) => [w.toLowerCase(), code as AmenityCode] as [string, AmenityCode]))
  .sort((a, b) => b[0].length - a[0].length);

/**
 * The amenity a word means ("停车场", "free parking", "parking" → parking), or undefined.
 * Longest words are tried first, so "24小时热水" is not read as plain "热水".
 */
export function amenityFromWord(word: string): AmenityCode | undefined {
  const w = word.trim().toLowerCase();
  if (isAmenityCode(w)) return w;
  const exact = WORDS.find(([k]) => k === w);
  if (exact) return exact[1];
  return WORDS.find(([k]) => k.length >= 2 && w.includes(k))?.[1];
}
