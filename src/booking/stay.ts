// Checks of a stay that need the clock: not in the past, not too far ahead, not too long.
import { addDays, nightsBetween, startOfDayIn, todayIn } from '../dates.ts';
import { AppError } from '../errors.ts';
import { BOOKING_HORIZON_DAYS, MAX_NIGHTS } from './schemas.ts';

/** Throws `invalid_dates` (400) for a stay that cannot be sold today; returns its number of nights. */
export function checkStayDates(checkIn: string, checkOut: string, timeZone: string, now: Date): number {
  const today = todayIn(timeZone, now);
  const nights = nightsBetween(checkIn, checkOut);
  const bad = (message: string) => new AppError('invalid_dates', message, [{ path: ['checkIn'], message }]);
  if (nights < 1) throw bad('checkOut must be after checkIn.');
  if (checkIn < today) throw bad(`checkIn ${checkIn} is in the past (today is ${today} in ${timeZone}).`);
  if (checkIn > addDays(today, BOOKING_HORIZON_DAYS)) {
    throw bad(`checkIn may be at most ${BOOKING_HORIZON_DAYS} days ahead.`);
  }
  if (nights > MAX_NIGHTS) throw bad(`A stay may be at most ${MAX_NIGHTS} nights.`);
  return nights;
}

/** The instant free cancellation ends: `cancelHours` before the check-in day begins in the hotel's zone. */
export function freeCancellationUntil(checkIn: string, cancelHours: number, timeZone: string): Date {
  return new Date(startOfDayIn(timeZone, checkIn).getTime() - cancelHours * 3_600_000);
}
