// The reservation codes this traveller made on this phone, newest first, kept with `wx.setStorageSync`.
import { rememberCode } from './codes.js';

const CODES_KEY = 'tourdesk.reservationCodes';

/** The kept codes, newest first. */
export function keptCodes(): string[] {
  const v = wx.getStorageSync<unknown>(CODES_KEY);
  return Array.isArray(v) ? v.filter((c): c is string => typeof c === 'string') : [];
}

/** Keeps `code` at the top of the list. */
export function keepCode(code: string): void {
  wx.setStorageSync(CODES_KEY, rememberCode(keptCodes(), code));
}
