// Stay dates as travellers write them, Chinese and English, read against a pinned today (2026-12-01, a Tuesday).
import { afterEach, describe, expect, it } from 'vitest';
import { parseStayDates } from '../../src/model/offline/understand/index.ts';

const TODAY = '2026-12-01';

/** [what the traveller wrote, check-in, check-out, nights]; '' is "not given". */
type Row = [string, string, string, number | ''];

const CHINESE_RELATIVE: Row[] = [
  ['明天', '2026-12-02', '', ''],
  ['后天', '2026-12-03', '', ''],
  ['大后天', '2026-12-04', '', ''],
  ['今晚', '2026-12-01', '', ''],
  ['今天入住', '2026-12-01', '', ''],
  ['这周六', '2026-12-05', '', ''],
  ['本周六', '2026-12-05', '', ''],
  ['周六', '2026-12-05', '', ''],
  ['下周五', '2026-12-11', '', ''],
  ['下下周五', '2026-12-18', '', ''],
  ['下周一', '2026-12-07', '', ''],
  ['周一', '2026-12-07', '', ''],
  ['星期天', '2026-12-06', '', ''],
  ['三天后', '2026-12-04', '', ''],
  ['换成后天', '2026-12-03', '', ''],
];

const CHINESE_WEEKENDS_AND_HOLIDAYS: Row[] = [
  ['周末', '2026-12-05', '2026-12-06', 1],
  ['这周末住两晚', '2026-12-05', '2026-12-07', 2],
  ['下周末', '2026-12-12', '2026-12-13', 1],
  ['元旦', '2027-01-01', '', ''],
  ['元旦住两晚', '2027-01-01', '2027-01-03', 2],
  ['平安夜', '2026-12-24', '', ''],
  ['圣诞节', '2026-12-25', '', ''],
  ['国庆', '2027-10-01', '', ''],
  ['春节', '2027-02-06', '', ''],
];

const CHINESE_ABSOLUTE: Row[] = [
  ['12月24日', '2026-12-24', '', ''],
  ['12月24号', '2026-12-24', '', ''],
  ['十二月二十四号', '2026-12-24', '', ''],
  ['2026-12-24', '2026-12-24', '', ''],
  ['2027年1月5日', '2027-01-05', '', ''],
  ['12/24', '2026-12-24', '', ''],
  ['24号', '2026-12-24', '', ''],
  ['这个月28号', '2026-12-28', '', ''],
  ['下个月1号', '2027-01-01', '', ''],
  ['下月5号', '2027-01-05', '', ''],
];

const PAST_MEANS_NEXT: Row[] = [
  ['12月1日', '2026-12-01', '', ''], // today is not past
  ['11月30日', '2027-11-30', '', ''],
  ['1号', '2026-12-01', '', ''],
  ['Nov 30', '2027-11-30', '', ''],
  ['Dec 1', '2026-12-01', '', ''],
];

const CHINESE_RANGES: Row[] = [
  ['12月24日到26日', '2026-12-24', '2026-12-26', 2],
  ['12月24日到12月26日', '2026-12-24', '2026-12-26', 2],
  ['12月24-26日', '2026-12-24', '2026-12-26', 2],
  ['24号到26号', '2026-12-24', '2026-12-26', 2],
  ['24-26号', '2026-12-24', '2026-12-26', 2],
  ['24号至26号', '2026-12-24', '2026-12-26', 2],
  ['十二月二十四号到二十六号', '2026-12-24', '2026-12-26', 2],
  ['12月30日到1月2日', '2026-12-30', '2027-01-02', 3],
  ['12月30日到2日', '2026-12-30', '2027-01-02', 3],
  ['下个月3号到5号', '2027-01-03', '2027-01-05', 2],
  ['明天到后天', '2026-12-02', '2026-12-03', 1],
  ['明天住到周五', '2026-12-02', '2026-12-04', 2],
  ['下周五到周日', '2026-12-11', '2026-12-13', 2],
  ['下周一到下周三', '2026-12-07', '2026-12-09', 2],
  ['明天入住，周五退房', '2026-12-02', '2026-12-04', 2],
  ['24号入住，26号退房', '2026-12-24', '2026-12-26', 2],
  ['我们12月24号到，住到27号', '2026-12-24', '2026-12-27', 3],
  ['12/24-12/26', '2026-12-24', '2026-12-26', 2],
  ['12.24-12.26', '2026-12-24', '2026-12-26', 2],
  ['2026-12-24到2026-12-26', '2026-12-24', '2026-12-26', 2],
];

const CHINESE_NIGHTS: Row[] = [
  ['住两晚', '', '', 2],
  ['住3天', '', '', 3],
  ['两个晚上', '', '', 2],
  ['住一周', '', '', 7],
  ['明天住两晚', '2026-12-02', '2026-12-04', 2],
  ['后天入住，住3晚', '2026-12-03', '2026-12-06', 3],
  ['下周五住3天', '2026-12-11', '2026-12-14', 3],
  ['12月24日 住2晚', '2026-12-24', '2026-12-26', 2],
];

const ENGLISH: Row[] = [
  ['tomorrow', '2026-12-02', '', ''],
  ['the day after tomorrow', '2026-12-03', '', ''],
  ['tonight', '2026-12-01', '', ''],
  ['next Friday', '2026-12-11', '', ''],
  ['this Friday', '2026-12-04', '', ''],
  ['Monday', '2026-12-07', '', ''],
  ['in 3 days', '2026-12-04', '', ''],
  ['this weekend', '2026-12-05', '2026-12-06', 1],
  ['next weekend', '2026-12-12', '2026-12-13', 1],
  ['this weekend for 2 nights', '2026-12-05', '2026-12-07', 2],
  ['Dec 24', '2026-12-24', '', ''],
  ['December 24th', '2026-12-24', '', ''],
  ['24 Dec', '2026-12-24', '', ''],
  ['the 24th', '2026-12-24', '', ''],
  ['2026-12-24', '2026-12-24', '', ''],
  ['Christmas', '2026-12-25', '', ''],
  ["New Year's Day", '2027-01-01', '', ''],
  ['Dec 24-26', '2026-12-24', '2026-12-26', 2],
  ['from Dec 24 to Dec 26', '2026-12-24', '2026-12-26', 2],
  ['Dec 24 to 26', '2026-12-24', '2026-12-26', 2],
  ['24-26 Dec', '2026-12-24', '2026-12-26', 2],
  ['December 24th to 26th', '2026-12-24', '2026-12-26', 2],
  ['from the 24th to the 26th', '2026-12-24', '2026-12-26', 2],
  ['Dec 30 to Jan 2', '2026-12-30', '2027-01-02', 3],
  ['12/24-12/26', '2026-12-24', '2026-12-26', 2],
  ['Friday to Sunday', '2026-12-04', '2026-12-06', 2],
  ['from tomorrow until Sunday', '2026-12-02', '2026-12-06', 4],
  ['check in Dec 24, check out Dec 26', '2026-12-24', '2026-12-26', 2],
  ['check-in on the 24th, check-out on the 26th', '2026-12-24', '2026-12-26', 2],
  ['arriving Friday, leaving Sunday', '2026-12-04', '2026-12-06', 2],
  ['until Sunday', '', '2026-12-06', ''],
  ['tomorrow for 2 nights', '2026-12-02', '2026-12-04', 2],
  ['Dec 24 for 3 nights', '2026-12-24', '2026-12-27', 3],
  ['stay 3 nights starting Dec 24', '2026-12-24', '2026-12-27', 3],
  ['2 nights', '', '', 2],
  ['for one night', '', '', 1],
  ['for a week', '', '', 7],
];

const NO_DATE: string[] = ['一晚多少钱', '一晚500以内', '晚上我想找个酒店', '评分4.5以上', '200-300元', '3个人', '地铁4号线', '13800138000', '2025-12-24', 'under 800 yuan'];

function expectRow([text, checkIn, checkOut, nights]: Row): void {
  const d = parseStayDates(text, { today: TODAY });
  expect(d, text).toBeDefined();
  expect({ checkIn: d?.checkIn, checkOut: d?.checkOut, nights: d?.nights }, text).toEqual({
    checkIn: checkIn || undefined,
    checkOut: checkOut || undefined,
    nights: nights === '' ? undefined : nights,
  });
}

describe('stay dates, read against 2026-12-01 (a Tuesday)', () => {
  const all = [
    ...CHINESE_RELATIVE, ...CHINESE_WEEKENDS_AND_HOLIDAYS, ...CHINESE_ABSOLUTE, ...PAST_MEANS_NEXT, ...CHINESE_RANGES,
    ...CHINESE_NIGHTS, ...ENGLISH,
  ];

  it('has at least sixty expressions in the table', () => {
    expect(all.length).toBeGreaterThanOrEqual(60);
  });

  it.each(CHINESE_RELATIVE)('a relative day in Chinese: %s', (...row) => expectRow(row));
  it.each(CHINESE_WEEKENDS_AND_HOLIDAYS)('a weekend (Saturday to Sunday) or a holiday: %s', (...row) => expectRow(row));
  it.each(CHINESE_ABSOLUTE)('a calendar date in Chinese: %s', (...row) => expectRow(row));
  it.each(PAST_MEANS_NEXT)('a date already gone means its next occurrence: %s', (...row) => expectRow(row));
  it.each(CHINESE_RANGES)('a range gives check-in and check-out: %s', (...row) => expectRow(row));
  it.each(CHINESE_NIGHTS)('nights alone, or with a date that then gives the check-out: %s', (...row) => expectRow(row));
  it.each(ENGLISH)('in English: %s', (...row) => expectRow(row));

  it.each(NO_DATE)('names no stay date: %s', (text) => {
    const d = parseStayDates(text, { today: TODAY });
    expect(d?.checkIn ?? d?.checkOut, text).toBeUndefined();
  });
});

describe('stay dates near a month and year end (today 2026-12-27, a Sunday)', () => {
  const rows: Row[] = [
    ['这周末', '2026-12-27', '2026-12-28', 1],
    ['this weekend', '2026-12-27', '2026-12-28', 1],
    ['下周末', '2027-01-02', '2027-01-03', 1],
    ['周一', '2026-12-28', '', ''],
    ['5号', '2027-01-05', '', ''],
    ['28号到1号', '2026-12-28', '2027-01-01', 4],
    ['12月1日', '2027-12-01', '', ''],
  ];
  it.each(rows)('%s', (text, checkIn, checkOut, nights) => {
    const d = parseStayDates(text, { today: '2026-12-27' });
    expect({ checkIn: d?.checkIn, checkOut: d?.checkOut, nights: d?.nights }).toEqual({
      checkIn: checkIn || undefined,
      checkOut: checkOut || undefined,
      nights: nights === '' ? undefined : nights,
    });
  });
});

describe('stay dates do not depend on the server\'s time zone', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC', 'Asia/Shanghai'])('the same days in %s', (tz) => {
    process.env.TZ = tz;
    expect(parseStayDates('明天住两晚', { today: TODAY })).toMatchObject({ checkIn: '2026-12-02', checkOut: '2026-12-04' });
    expect(parseStayDates('today', { today: TODAY })).toMatchObject({ checkIn: '2026-12-01' });
    expect(parseStayDates('next Friday', { today: TODAY })).toMatchObject({ checkIn: '2026-12-11' });
  });
});
