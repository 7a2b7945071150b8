// Small rules: calendar dates in the hotels' zone, money in fen, reservation codes people can read out.
import { describe, expect, it } from 'vitest';
import { isReservationCode } from '../../src/booking/codes.ts';
import { newReservationCode } from '../../src/booking/codes.ts';
import { freeCancellationUntil } from '../../src/booking/stay.ts';
import { addDays, eachNight, isIsoDate, nightsBetween, startOfDayIn, todayIn } from '../../src/dates.ts';
import { cny, formatCny, yuan } from '../../src/money.ts';

describe('dates', () => {
  it('accepts only real calendar dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-1-05')).toBe(false);
    expect(isIsoDate('2026-12-01T00:00')).toBe(false);
  });

  it('reads "today" in the hotels\' zone, not the server\'s', () => {
    expect(todayIn('Asia/Shanghai', new Date('2026-12-01T16:30:00Z'))).toBe('2026-12-02');
    expect(todayIn('UTC', new Date('2026-12-01T16:30:00Z'))).toBe('2026-12-01');
  });

  it('counts nights across months and years', () => {
    expect(nightsBetween('2026-12-30', '2027-01-02')).toBe(3);
    expect(eachNight('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01']);
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('finds the instant a local day begins', () => {
    expect(startOfDayIn('Asia/Shanghai', '2026-12-10').toISOString()).toBe('2026-12-09T16:00:00.000Z');
    expect(startOfDayIn('America/New_York', '2026-03-08').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(freeCancellationUntil('2026-12-10', 24, 'Asia/Shanghai').toISOString()).toBe('2026-12-08T16:00:00.000Z');
  });
});

describe('money', () => {
  it('is whole fen', () => {
    expect(cny(12_345)).toEqual({ amount: 12_345, currency: 'CNY' });
    expect(() => cny(1.5)).toThrow(RangeError);
    expect(yuan(800)).toBe(80_000);
    expect(formatCny(123_450)).toBe('¥1,234.50');
    expect(formatCny(cny(80_000))).toBe('¥800');
  });
});

describe('reservation codes', () => {
  it('are TD and six characters without look-alikes', () => {
    const codes = Array.from({ length: 2000 }, newReservationCode);
    for (const c of codes) expect(isReservationCode(c)).toBe(true);
    expect(codes.join('')).not.toMatch(/[01ILO]/);
    expect(new Set(codes).size).toBeGreaterThan(1990);
    expect(isReservationCode('TD0O1IL2')).toBe(false);
  });
});
