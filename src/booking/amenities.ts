// The amenity vocabulary: canonical codes with Chinese and English labels and the words people use for them.

/** code → [Chinese label, English label, other words travellers and hotels use…] */
export const AMENITIES = {
  wifi: ['免费WiFi', 'Free Wi-Fi', 'wifi', 'wi-fi', '无线网络', '无线上网', '上网', '无线', 'wlan', 'wi fi', 'wireless'],
  broadband: ['宽带上网', 'Broadband', '宽带', 'internet', '有线网', '网线', 'wired internet', 'ethernet'],
  breakfast: ['早餐', 'Breakfast', '早餐服务', '含早', '自助早餐', '早饭', '含早餐', '供早餐', '早餐券'],
  parking: ['停车场', 'Parking', '停车', '免费停车', 'car park', '停车位', '车位', '泊车', 'parking lot', 'garage', 'valet'],
  gym: ['健身房', 'Gym', 'fitness', '健身', '健身中心', '健身室', 'fitness centre', 'fitness center', 'workout'],
  pool: ['游泳池', 'Swimming pool', '泳池', 'pool', '室内游泳池', '室外游泳池', '游泳', 'swimming'],
  spa: ['SPA', 'Spa', '水疗', '桑拿', 'sauna', '按摩', '汗蒸', 'massage'],
  restaurant: ['餐厅', 'Restaurant', '中式餐厅', '西式餐厅', '中餐厅', '西餐厅', '中餐', '西餐', 'dining'],
  bar: ['酒吧', 'Bar', 'lounge', '酒廊'],
  meeting_room: ['会议室', 'Meeting rooms', 'meeting', '会议', '会议厅', 'conference room', 'conference'],
  business_center: ['商务中心', 'Business centre', 'business center'],
  airport_shuttle: [
    '接机服务', 'Airport shuttle', '接机', '机场接送', 'airport pickup', '机场接驳', '机场大巴', '送机', 'airport transfer',
    'airport shuttle',
  ],
  station_shuttle: ['接站服务', 'Station pickup', '接站', '接送', '接火车', '火车站接送', 'station transfer', 'station shuttle'],
  laundry: ['洗衣服务', 'Laundry', '洗衣', '洗衣房', '干洗', '洗衣机', '洗衣服', 'dry cleaning', 'washing machine'],
  luggage_storage: [
    '行李寄存', 'Luggage storage', '寄存行李', 'left luggage', '存行李', '行李存放', '寄存', '放行李', 'baggage storage',
    'store luggage', 'store our luggage', 'store my luggage',
  ],
  wake_up_call: ['叫醒服务', 'Wake-up call', '叫醒', '叫早', 'wake up call', 'wakeup call', 'morning call'],
  non_smoking: [
    '无烟房', 'Non-smoking rooms', '禁烟', 'non smoking', 'no smoking', '无烟', '不吸烟', 'non-smoking', 'smoke-free',
    'smoke free',
  ],
  hot_water_24h: ['24小时热水', '24-hour hot water', '热水', '24小时供热水', '24小时供应热水', '全天热水', '24h hot water', 'hot water'],
  hair_dryer: ['吹风机', 'Hair dryer', '电吹风', 'hairdryer', 'hair-dryer', 'blow dryer'],
  heating: ['暖气', 'Heating', '供暖', '暖气片', '地暖', 'heater'],
  kids_club: ['儿童乐园', 'Kids club', '亲子', 'family', '儿童', '儿童游乐', 'kids\' club', 'playground'],
  pets: [
    '可带宠物', 'Pets allowed', '宠物', 'pet friendly', 'pets', '宠物友好', '带狗', '带猫', 'dogs allowed', 'pet-friendly',
    'dog friendly', 'dog-friendly',
  ],
  accessible: [
    '无障碍设施', 'Accessible rooms', '无障碍', 'wheelchair', '残疾人设施', '轮椅', '无障碍通道', 'disabled access', 'disability',
    'barrier-free', 'accessible',
  ],
  beach: ['私人海滩', 'Private beach', '海滩', 'beach'],
  ev_charging: ['充电桩', 'EV charging', '充电', '电动车充电', 'charging station', 'ev charger', 'electric car charging'],
  front_desk_24h: [
    '24小时前台', '24-hour front desk', '前台', '24h front desk', '24-hour reception', '24 hour front desk', '24小时接待',
  ],
  international_calls: [
    '国际长途电话', 'International calls', '国际长途', '国际电话', 'international phone', 'overseas calls', 'international call',
  ],
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
