// Reservation codes in a message: "TD" and six characters without look-alikes, in any case.
import type { Scan } from './text.ts';

const CODE = /(?<![a-z0-9])td[\s-]?([2-9a-hj-np-z]{6})(?![a-z0-9])/g;

/**
 * The first reservation code in the message, upper-cased (`td7k4q2p` → `TD7K4Q2P`); claims it.
 * @example readReservationCode(new Scan('取消 td7k4q2p')) // 'TD7K4Q2P'
 */
export function readReservationCode(scan: Scan): string | undefined {
  for (const m of scan.matches(CODE)) return `TD${m[1]!.toUpperCase()}`;
  return undefined;
}
