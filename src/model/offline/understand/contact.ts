// The guest's name and phone: 我叫张三, 张三 13800138000, name is John Smith, phone 138 0013 8000.
import type { Scan } from './text.ts';

const MOBILE = /(?<![\d+])(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)/g;
const INTERNATIONAL = /(?<![\d+])\+(\d{1,3})[\s-]?(\d(?:[\s-]?\d){6,13})(?!\d)/g;
// A landline only where the message says it is a number to call.
const LANDLINE = /(?:电话|手机|联系方式|号码|phone|tel|mobile|number)\D{0,6}?(?<!\d)(0\d{2,3})[\s-]?(\d{7,8})(?!\d)/g;

/** Common Chinese surnames: a two-to-four-character name after one of them is taken for a name. */
const SURNAMES = new Set(
  ('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝')
    .split(''),
);
const COMPOUND_SURNAMES = /^(欧阳|司马|诸葛|上官|东方|皇甫|令狐|慕容|尉迟|长孙|宇文|夏侯|公孙|端木|司徒|南宫)/;
// Words that start with a surname character but are no name.
const NOT_NAMES = /^(明天|明晚|明早|高档|高级|安排|方便|文化|成都|常州|和平|时间|全部|全家|路上|华为|金额|周末|周边|单人|单间|包括|谷歌|房间|房型|价格|车站|司机|师傅|应该|关于|平时|平常|简单|宁愿|毕竟|尤其|尚未|商务|经济|舒适|豪华|江边|海边|游泳|宫殿|古镇|景点|米饭|钱包|卫生|宗教|蓝色|白天|黄山|吴江|苏州|杭州|南京|北京|上海|天津|重庆|西安|广州|深圳|武汉|长沙|厦门|青岛)/;
const PARTICLES = /(?:吧|呀|啊|哦|呢|的|了|哈|嗯|先生|女士|小姐)+$/;

/** A Chinese name as written, when it looks like one. `strict` also requires a known surname. */
function zhName(raw: string, strict: boolean): string | undefined {
  const s = raw.replace(/(?:电话|手机|号码|联系|想|要|订|预|入住|住|来|去|在|和|，|,).*$/, '').replace(PARTICLES, '');
  if (s.length < 2 || s.length > 4 || NOT_NAMES.test(s)) return undefined;
  if (strict && !SURNAMES.has(s[0]!) && !COMPOUND_SURNAMES.test(s)) return undefined;
  return s;
}

const titleCase = (s: string) => s.replace(/\b([a-z])/g, (c) => c.toUpperCase());

/** What the contact reader found. */
export interface Contact {
  name?: string;
  phone?: string;
}

/**
 * The guest's phone (digits, with + for an international number) and name, claimed. A Chinese name needs a cue
 * (我叫, 姓名, 联系人) or a common surname next to the phone; an English one a cue (my name is, name:, under the name)
 * or capitals next to the phone.
 * @example readContact(new Scan('张三 13800138000')) // { name: '张三', phone: '13800138000' }
 */
export function readContact(scan: Scan): Contact {
  const out: Contact = {};
  let phoneAt: [number, number] | undefined;
  for (const re of [MOBILE, INTERNATIONAL, LANDLINE]) {
    for (const m of scan.matches(re, false)) {
      const digits = m[0].slice(re === LANDLINE ? m[0].search(/\d/) : 0).replace(/[^\d+]/g, '');
      const start = m.index + (re === LANDLINE ? m[0].search(/\d/) : 0);
      out.phone = digits.replace(/^\+?86(?=1[3-9]\d{9}$)/, '');
      phoneAt = [start, m.index + m[0].length];
      scan.claim(start, phoneAt[1]);
      break;
    }
    if (out.phone) break;
  }
  const text = scan.text;
  const cue =
    /(?:我叫|我的名字(?:是|叫)|名字(?:是|叫)|姓名(?:是|为)?|入住人(?:是|为)?|住客(?:是|为)?|联系人(?:是|为)?|客人(?:是|叫)|预订人(?:是|为)?|登记(?:的)?名字(?:是)?|用(?=[\u4e00-\u9fa5]{2,4}的名字)|我是)\s*[:：]?\s*([\u4e00-\u9fa5·]{2,6})/g;
  for (const m of scan.matches(cue, false)) {
    const name = zhName(m[1]!.replace(/的名字.*$/, ''), m[0].startsWith('我是'));
    if (!name) continue;
    out.name = name;
    const at = m.index + m[0].indexOf(name);
    scan.claim(m.index, at + name.length);
    break;
  }
  if (!out.name) {
    const en =
      /(?:my name is|my name's|name is|name\s*[:：]|guest(?: name)?\s*(?:is|[:：])|under the name(?: of)?|book (?:it |the room )?under(?! the name)|this is|i am|i'm)\s+([a-z][a-z'-]+(?:\s+[a-z][a-z'-]+){0,2})/gi;
    for (const m of scan.matches(en, false)) {
      const at = m.index + m[0].length - m[1]!.length;
      let words = text.slice(at, m.index + m[0].length).split(/\s+/);
      // Stop at the first word that is plainly not part of a name ("John Smith and my phone…").
      const stop = words.findIndex((w) => /^(and|my|phone|number|tel|mobile|please|thanks|for|from|in|at|with|to|the|a|an|is|am|are|looking|calling|here|travelling|traveling|booking)$/i.test(w));
      if (stop >= 0) words = words.slice(0, stop);
      if (!words.length) continue;
      const weak = /^(this is|i am|i'm)/i.test(m[0]);
      // After "I'm" or "this is" only a capitalised First Last is a name ("I'm looking…" is not).
      if (weak && (words.length < 2 || !words.every((w) => /^[A-Z]/.test(w)))) continue;
      out.name = titleCase(words.join(' '));
      scan.claim(m.index, at + words.join(' ').length);
      break;
    }
  }
  if (!out.name && phoneAt) {
    const before = text.slice(Math.max(0, phoneAt[0] - 24), phoneAt[0]);
    const after = text.slice(phoneAt[1], phoneAt[1] + 24);
    const zhBefore = /([\u4e00-\u9fa5]{2,4})[\s,，:：、]*(?:(?:电话|手机|号码)\s*[:：]?\s*)?$/.exec(before);
    const zhAfter = /^[\s,，:：、]*([\u4e00-\u9fa5]{2,4})/.exec(after);
    const enBefore = /([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){1,2})[\s,:]*$/.exec(before);
    const enAfter = /^[\s,:]*([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){1,2})/.exec(after);
    const zh = (zhBefore && zhName(zhBefore[1]!, true)) || (zhAfter && zhName(zhAfter[1]!, true));
    const name = zh || enBefore?.[1] || enAfter?.[1];
    if (name) {
      out.name = name;
      const i = text.lastIndexOf(name, phoneAt[0]);
      const j = i >= 0 ? i : text.indexOf(name, phoneAt[1]);
      if (j >= 0) scan.claim(j, j + name.length);
    }
  }
  // "phone", "电话", "手机号" next to the number are explained by it.
  if (out.phone) for (const _ of scan.matches(/(?:我的)?(?:手机号码|手机号|电话号码|联系电话|电话|手机|联系方式)(?:是|为)?|(?:my )?(?:phone|mobile|cell|tel|number)(?: number)?(?: is)?/g));
  return out;
}
