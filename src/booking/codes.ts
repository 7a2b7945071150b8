// Reservation codes people can read out on the phone: "TD" and six characters without look-alikes (0/O, 1/I/L).
import { randomInt, randomBytes } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A new random reservation code such as `TD7K4Q2P` (31^6 ≈ 887 million). */
export function newReservationCode(): string {
  let s = 'TD';
  for (let i = 0; i < 6; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** True for a string shaped like a reservation code (case-insensitive). */
export function isReservationCode(s: string): boolean {
  return /^TD[2-9A-HJ-NP-Z]{6}$/i.test(s);
}

/** An unguessable token for a quote's booking link. */
export function newQuoteToken(): string {
  return randomBytes(16).toString('base64url');
}
