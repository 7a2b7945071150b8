// The city a message names, in Chinese or English, with or without 市.
import { knownCities, resolveCity } from '../../../booking/cities.ts';
import type { Scan } from './text.ts';

// Other names travellers use; only those cities.ts resolves are looked for.
const ALIASES = ['帝都', '魔都', '蓉城', '山城', 'Peking', 'Xian', 'Canton', 'Amoy', 'Tsingtao', 'Hongkong', 'Macao', 'HK'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\']/g, (c) => (c === "'" ? "['’]?" : `\\${c}`));

function buildPattern(): RegExp {
  const zh = new Set<string>();
  const en = new Set<string>();
  for (const c of knownCities()) {
    zh.add(c.zh);
    en.add(c.en.toLowerCase());
  }
  for (const a of ALIASES) {
    if (!resolveCity(a)) continue;
    (/\p{Script=Han}/u.test(a) ? zh : en).add(a.toLowerCase());
  }
  const byLength = (a: string, b: string) => b.length - a.length;
  const zhAlt = [...zh].sort(byLength).map(escape).join('|');
  const enAlt = [...en].sort(byLength).map((n) => escape(n).replace(/ /g, '\\s*')).join('|');
  // A street named after a city (南京路, 北京东路) is not the city.
  return new RegExp(`(${zhAlt})(市)?(?!(?:[东西南北中]?路|大?街|大道|胡同|巷))|\\b(${enAlt})(?:\\s+city)?\\b`, 'g');
}

const CITY = buildPattern();

/**
 * The first known city named, as typed (北京, 北京市, Beijing, peking); resolveCity() canonicalises it. Claims it.
 * @example readCity(new Scan('去北京市玩')) // '北京市'
 */
export function readCity(scan: Scan): string | undefined {
  for (const m of scan.matches(CITY)) {
    const typed = scan.text.slice(m.index, m.index + m[0].length).trim();
    if (resolveCity(typed)) return typed;
  }
  return undefined;
}
