// What a booking writes, counted, so a test can say "nothing was written" in one line.
import type { Queryable } from '../../db/index.ts';

/** Reservations and the rooms they take: both stay put when the bot writes nothing. */
export interface Writes {
  reservations: number;
  roomsBooked: number;
}

/** The reservation rows and the booked rooms of every night, now. */
export async function writesOf(db: Queryable): Promise<Writes> {
  const r = await db.query<{ n: number | string }>('SELECT count(*) AS n FROM reservations');
  const i = await db.query<{ n: number | string | null }>('SELECT coalesce(sum(booked), 0) AS n FROM inventory');
  return { reservations: Number(r.rows[0]!.n), roomsBooked: Number(i.rows[0]!.n) };
}
