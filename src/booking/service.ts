// The booking service: search, quote, book, cancel, confirm and expire, each in one transaction.
import type { Queryable } from '../../db/index.ts';
import { AppError } from '../errors.ts';
import type { JobQueue } from '../jobs/types.ts';
import { sealPhone } from '../security/index.ts';
import { newReservationCode } from './codes.ts';
import type { BookingDeps, ReservationChange, ReservationFilter } from './deps.ts';
import { hotelDetails, type HotelDetails } from './hotel-details.ts';
import { once, requestHash } from './idempotency.ts';
import { inventoryMismatches, releaseRooms, takeRoomsOf } from './inventory.ts';
import { makeQuote, quoteByToken } from './quotes.ts';
import { RESERVATION_COLUMNS, RESERVATION_FROM, toReservationView, type ReservationRow } from './reservation-view.ts';
import { quoteInput, searchQuery, type QuoteInput, type ReservationInput, type SearchInput } from './schemas.ts';
import { actorKey, inScope, mayAccess, tenantFilter } from './scope.ts';
import { searchHotels } from './search.ts';
import { checkStayDates, freeCancellationUntil } from './stay.ts';
import type { Actor, Quote, ReservationView, SearchResult } from './types.ts';

export type { BookingDeps, ReservationChange, ReservationFilter } from './deps.ts';

/** How often the safety-net sweep looks for holds whose expiry job was lost. */
const SWEEP_EVERY_MS = 60_000;

/**
 * The booking domain's one entry point, used alike by the HTTP API, the bot's tools and the agents' console.
 * @example const { reservation } = await booking.book(input, actor, { idempotencyKey: 'k1' });
 */
export class BookingService {
  constructor(private readonly deps: BookingDeps) {}

  /** Registers the hold-expiry job and the periodic sweep that backs it up. */
  async registerJobs(jobs: JobQueue): Promise<void> {
    jobs.handle<{ code: string }>('expire-hold', async ({ code }) => {
      const due = await this.expireHold(code);
      // Ran early (clocks differ between machines): run again at the deadline; the id is per deadline, so
      // a repeated early run schedules one follow-up, not two.
      if (due.rescheduleInMs !== null && due.dueAt) {
        await jobs.enqueue('expire-hold', { code }, { jobId: `hold-${code}-${due.dueAt}`, delayMs: due.rescheduleInMs });
      }
    });
    jobs.handle('sweep-holds', async () => {
      await this.sweepExpiredHolds();
    });
    await jobs.repeat('sweep-holds', this.deps.sweepEveryMs ?? SWEEP_EVERY_MS);
  }

  /** Hotels for a stay, grouped by tier. A traveller scoped to a tenant sees only its hotels. */
  async search(input: SearchInput, actor?: Actor): Promise<SearchResult> {
    const q = searchQuery.parse(input);
    const nights = checkStayDates(q.checkIn, q.checkOut, this.deps.timeZone, this.deps.clock.now());
    return searchHotels(this.deps.db, q, actor ? tenantFilter(actor) : null, nights);
  }

  /** A hotel with its room types and policies, within the actor's tenants; not_found otherwise. */
  async hotel(hotelId: string, actor: Actor): Promise<HotelDetails> {
    const h = await hotelDetails(this.deps.db, hotelId, tenantFilter(actor));
    if (!h) throw new AppError('not_found', 'No such hotel.');
    return h;
  }

  /** A server-priced quote for one room type and stay, kept for half an hour (QUOTE_TTL_MS). */
  async quote(input: QuoteInput, actor: Actor): Promise<Quote> {
    return (await this.quotes([input], actor))[0]!;
  }

  /** Several quotes in one transaction (one per recommended tier): all are made, or none. */
  async quotes(inputs: readonly QuoteInput[], actor: Actor): Promise<Quote[]> {
    const now = this.deps.clock.now();
    const qs = inputs.map((input) => quoteInput.parse(input));
    const nights = qs.map((q) => checkStayDates(q.checkIn, q.checkOut, this.deps.timeZone, now));
    if (qs.length === 0) return [];
    return this.deps.db.transaction(async (tx) => {
      const out: Quote[] = [];
      for (const [i, q] of qs.entries()) out.push(await makeQuote(tx, q, nights[i]!, actor, now, this.deps.timeZone));
      return out;
    });
  }

  /** A quote by its token (for the booking link), or not_found. Expired quotes are still shown, marked by expiresAt. */
  quoteByToken(token: string): Promise<Quote> {
    return quoteByToken(this.deps.db, token, this.deps.timeZone);
  }

  /**
   * Books a stay: every night's rooms are taken in one transaction with the reservation, or nothing is.
   * With an idempotency key, a repeat returns the first reservation instead of making a second.
   */
  async book(
    input: ReservationInput,
    actor: Actor,
    opts: { idempotencyKey?: string; bookedBy?: ReservationView['bookedBy'] } = {},
  ): Promise<{ reservation: ReservationView; replayed: boolean }> {
    const now = this.deps.clock.now();
    const run = (tx: Queryable) => this.#book(tx, input, actor, now, opts.bookedBy);
    const { value, replayed } = await this.deps.db.transaction(async (tx) =>
      opts.idempotencyKey
        ? once(tx, `reservation:${actorKey(actor)}`, opts.idempotencyKey, requestHash(input), () => run(tx))
        : { value: await run(tx), replayed: false },
    ).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'sold_out') this.deps.onStatus?.('sold_out');
      throw err;
    });
    if (!replayed) this.deps.onStatus?.(value.status);
    if (!replayed && value.status === 'held' && value.holdExpiresAt) await this.#scheduleExpiry(value.code, value.holdExpiresAt);
    return { reservation: value, replayed };
  }

  async #book(
    tx: Queryable,
    input: ReservationInput,
    actor: Actor,
    now: Date,
    bookedBy?: ReservationView['bookedBy'],
  ): Promise<ReservationView> {
    const nights = checkStayDates(input.checkIn, input.checkOut, this.deps.timeZone, now);
    const { target, nightly: taken } = await takeRoomsOf(tx, { ...input, nights, tenantId: tenantFilter(actor) });
    if (!target) throw new AppError('not_found', 'No such hotel or room type.');
    if (input.guests > target.capacity * input.rooms) {
      throw new AppError('capacity_exceeded', `A ${target.room_name} sleeps ${target.capacity}; ${input.rooms} room(s) cannot take ${input.guests} guests.`);
    }
    if (!taken) throw new AppError('sold_out');
    let quote: { id: string; nightly: number[]; total: number } | null = null;
    if (input.quoteToken) {
      const { rows } = await tx.query<{ id: string; hotel_id: string; room_type_id: string; check_in: string; check_out: string; rooms: number; nightly: number[]; total: number; expires_at: Date }>(
        'SELECT id, hotel_id, room_type_id, check_in, check_out, rooms, nightly, total, expires_at FROM quotes WHERE token = $1',
        [input.quoteToken],
      );
      const q = rows[0];
      if (!q) throw new AppError('not_found', 'No such quote.');
      if (q.hotel_id !== input.hotelId || q.room_type_id !== input.roomTypeId || q.check_in !== input.checkIn || q.check_out !== input.checkOut || q.rooms !== input.rooms) {
        throw new AppError('invalid_request', 'The booking does not match its quote.');
      }
      if (new Date(q.expires_at) <= now) throw new AppError('quote_expired');
      quote = q;
    }
    const nightly = quote?.nightly ?? taken;
    const total = quote?.total ?? nightly.reduce((a, b) => a + b, 0) * input.rooms;
    const held = target.payment_mode === 'prepay';
    const phone = sealPhone(this.deps.keys, input.guest.phone);
    const traveller = actor.kind === 'traveller' ? actor : null;
    const by = bookedBy ?? (actor.kind === 'traveller' ? 'traveller' : actor.role === 'agent' ? 'agent' : 'operator');
    const status = held ? 'held' : 'confirmed';
    const holdExpiresAt = held ? new Date(now.getTime() + target.hold_minutes * 60_000) : null;
    for (let attempt = 0; ; attempt++) {
      const code = newReservationCode();
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO reservations (code, tenant_id, hotel_id, room_type_id, quote_id, traveller_id, channel, booked_by,
           check_in, check_out, rooms, guests, guest_name, guest_phone_enc, guest_phone_hash, guest_phone_last4,
           nightly, total, status, hold_expires_at, created_at, confirmed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
         ON CONFLICT (code) DO NOTHING RETURNING id`,
        [code, target.tenant_id, input.hotelId, input.roomTypeId, quote?.id ?? null, traveller?.travellerId ?? null,
          traveller?.channel ?? null, by, input.checkIn, input.checkOut, input.rooms, input.guests, input.guest.name,
          phone.enc, phone.hash, phone.last4, nightly, total, status, holdExpiresAt, now, held ? null : now],
      );
      const id = rows[0]?.id;
      if (id && quote) {
        // One quote, one reservation: the row lock makes a concurrent second booking of it wait, then fail.
        const used = await tx.query('UPDATE quotes SET reservation_id = $2 WHERE id = $1 AND reservation_id IS NULL', [quote.id, id]);
        if (used.rowCount === 0) throw new AppError('quote_used');
      }
      if (id) {
        // Built from what was just written rather than read back: one round trip less on the hot path.
        return toReservationView(
          {
            id, code, status, tenant_id: target.tenant_id, hotel_id: input.hotelId, room_type_id: input.roomTypeId,
            traveller_id: traveller?.travellerId ?? null, channel: traveller?.channel ?? null, booked_by: by,
            check_in: input.checkIn, check_out: input.checkOut, rooms: input.rooms, guests: input.guests,
            guest_name: input.guest.name, guest_phone_enc: phone.enc, guest_phone_last4: phone.last4, nightly, total,
            hold_expires_at: holdExpiresAt, created_at: now, confirmed_at: held ? null : now, cancelled_at: null,
            expired_at: null, hotel_name: target.hotel_name, payment_mode: target.payment_mode,
            cancel_hours: target.cancel_hours, room_name: target.room_name,
          },
          this.deps.timeZone,
        );
      }
      if (attempt >= 5) throw new Error('could not find a free reservation code');
    }
  }

  /** A reservation its own traveller, its tenant's staff or an admin may see; anyone else gets not_found. */
  async get(code: string, actor: Actor): Promise<ReservationView> {
    const row = await this.#row(this.deps.db, code);
    if (!row || !mayAccess(row, actor)) throw new AppError('not_found', 'No such reservation.');
    return toReservationView(row, this.deps.timeZone, actor.kind === 'staff' ? this.deps.keys : undefined);
  }

  /** A traveller's own reservations, newest first. */
  async listOwn(travellerId: string, limit = 20): Promise<ReservationView[]> {
    const { rows } = await this.deps.db.query<ReservationRow>(
      `SELECT ${RESERVATION_COLUMNS} FROM ${RESERVATION_FROM} WHERE r.traveller_id = $1 ORDER BY r.created_at DESC, r.id DESC LIMIT $2`,
      [travellerId, limit],
    );
    return rows.map((r) => toReservationView(r, this.deps.timeZone));
  }

  /** Reservations a member of staff may see, newest first (by creation). */
  async list(filter: ReservationFilter, actor: Extract<Actor, { kind: 'staff' }>): Promise<ReservationView[]> {
    const tenantId = actor.role === 'admin' ? null : actor.tenantId;
    if (filter.hotelId) {
      const h = await this.deps.db.query<{ tenant_id: string }>('SELECT tenant_id FROM hotels WHERE id = $1', [filter.hotelId]);
      if (!h.rows[0] || !inScope(actor, h.rows[0].tenant_id)) throw new AppError('not_found', 'No such hotel.');
    }
    const { rows } = await this.deps.db.query<ReservationRow>(
      `SELECT ${RESERVATION_COLUMNS} FROM ${RESERVATION_FROM}
       WHERE ($1::uuid IS NULL OR r.tenant_id = $1) AND ($2::uuid IS NULL OR r.hotel_id = $2)
         AND ($3::date IS NULL OR r.check_out > $3) AND ($4::date IS NULL OR r.check_in < $4)
         AND ($5::text IS NULL OR r.status = $5) AND ($8::text IS NULL OR r.traveller_id = $8)
       ORDER BY r.created_at DESC, r.id DESC LIMIT $6 OFFSET $7`,
      [tenantId, filter.hotelId ?? null, filter.from ?? null, filter.to ?? null, filter.status ?? null,
        filter.limit ?? 100, filter.offset ?? 0, filter.travellerId ?? null],
    );
    return rows.map((r) => toReservationView(r, this.deps.timeZone, this.deps.keys));
  }

  /**
   * Cancels a held or confirmed reservation and gives its rooms back, exactly once: cancelling again returns it
   * unchanged. A traveller may cancel until free cancellation ends; staff may cancel any time.
   */
  async cancel(code: string, actor: Actor): Promise<ReservationView> {
    const now = this.deps.clock.now();
    const result = await this.deps.db.transaction(async (tx) => {
      const r = await this.#row(tx, code, true);
      if (!r || !mayAccess(r, actor)) throw new AppError('not_found', 'No such reservation.');
      if (r.status === 'cancelled') return { view: await this.#view(tx, code, actor), travellerId: r.traveller_id, changed: false };
      if (r.status === 'expired') throw new AppError('not_cancellable', 'This hold expired; its rooms were already released.');
      if (actor.kind === 'traveller' && now >= freeCancellationUntil(r.check_in, r.cancel_hours, this.deps.timeZone)) {
        throw new AppError('not_cancellable', 'Free cancellation has ended for this reservation; contact the hotel.');
      }
      await tx.query(`UPDATE reservations SET status = 'cancelled', cancelled_at = $2 WHERE id = $1`, [r.id, now]);
      await releaseRooms(tx, r.room_type_id, r.check_in, r.check_out, r.rooms);
      return { view: await this.#view(tx, code, actor), travellerId: r.traveller_id, changed: true };
    });
    if (result.changed) this.deps.onStatus?.('cancelled');
    if (result.changed && actor.kind === 'staff') await this.#notify(result.view, result.travellerId, 'staff', actor.role);
    return result.view;
  }

  /** Confirms a held reservation (payment received). Confirming twice returns it unchanged. */
  async confirm(code: string, actor: Extract<Actor, { kind: 'staff' }>): Promise<ReservationView> {
    const now = this.deps.clock.now();
    const outcome = await this.deps.db.transaction(async (tx) => {
      const r = await this.#row(tx, code, true);
      if (!r || !mayAccess(r, actor)) throw new AppError('not_found', 'No such reservation.');
      if (r.status === 'confirmed') return { view: await this.#view(tx, code, actor) };
      if (r.status === 'expired') return { error: new AppError('hold_expired') };
      if (r.status !== 'held') throw new AppError('not_confirmable');
      if (r.hold_expires_at && new Date(r.hold_expires_at) <= now) {
        await this.#expire(tx, r, now);
        return { error: new AppError('hold_expired') };
      }
      await tx.query(`UPDATE reservations SET status = 'confirmed', confirmed_at = $2 WHERE id = $1`, [r.id, now]);
      return { view: await this.#view(tx, code, actor), travellerId: r.traveller_id };
    });
    if (outcome.error) throw outcome.error;
    if ('travellerId' in outcome) this.deps.onStatus?.('confirmed');
    if ('travellerId' in outcome) await this.#notify(outcome.view!, outcome.travellerId ?? null, 'staff');
    return outcome.view!;
  }

  /**
   * Expires a hold whose deadline has passed and gives its rooms back, once. Returns how long to wait when the hold
   * is not yet due (a job that ran early), else null.
   */
  async expireHold(code: string): Promise<{ expired: boolean; rescheduleInMs: number | null; dueAt?: number }> {
    const now = this.deps.clock.now();
    const result: { expired: boolean; rescheduleInMs: number | null; dueAt?: number; travellerId?: string | null } = await this.deps.db.transaction(async (tx) => {
      const r = await this.#row(tx, code, true);
      if (!r || r.status !== 'held' || !r.hold_expires_at) return { expired: false, rescheduleInMs: null };
      const wait = new Date(r.hold_expires_at).getTime() - now.getTime();
      if (wait > 0) return { expired: false, rescheduleInMs: wait, dueAt: new Date(r.hold_expires_at).getTime() };
      await this.#expire(tx, r, now);
      return { expired: true, rescheduleInMs: null, travellerId: r.traveller_id };
    });
    if (result.expired) this.deps.onStatus?.('expired');
    if (result.expired) await this.#notify(await this.#view(this.deps.db, code), result.travellerId ?? null, 'system');
    return { expired: result.expired, rescheduleInMs: result.rescheduleInMs, dueAt: result.dueAt };
  }

  async #notify(reservation: ReservationView, travellerId: string | null, by: ReservationChange['by'], role?: string): Promise<void> {
    // Telling the traveller is a courtesy after the fact: it must never undo or fail the change itself.
    await this.deps.onChange?.({ reservation, travellerId, by, ...(role ? { role } : {}) }).catch(() => undefined);
  }

  /** Expires every overdue hold (the safety net behind the per-hold jobs); returns how many it expired. */
  async sweepExpiredHolds(batch = 500): Promise<number> {
    const { rows } = await this.deps.db.query<{ code: string }>(
      `SELECT code FROM reservations WHERE status = 'held' AND hold_expires_at <= $1 ORDER BY hold_expires_at LIMIT $2`,
      [this.deps.clock.now(), batch],
    );
    let n = 0;
    for (const { code } of rows) if ((await this.expireHold(code)).expired) n++;
    return n;
  }

  /** Nights whose booked count differs from their live reservations (empty when the books balance). */
  mismatches(roomTypeId?: string) {
    return inventoryMismatches(this.deps.db, roomTypeId ?? null);
  }

  async #expire(tx: Queryable, r: ReservationRow, now: Date): Promise<void> {
    const u = await tx.query(`UPDATE reservations SET status = 'expired', expired_at = $2 WHERE id = $1 AND status = 'held'`, [r.id, now]);
    if (u.rowCount === 1) await releaseRooms(tx, r.room_type_id, r.check_in, r.check_out, r.rooms);
  }

  async #scheduleExpiry(code: string, at: string): Promise<void> {
    if (!this.deps.jobs) return;
    const delayMs = Math.max(0, Date.parse(at) - this.deps.clock.now().getTime());
    // A lost enqueue is not fatal: the periodic sweep expires the hold anyway.
    await this.deps.jobs.enqueue('expire-hold', { code }, { jobId: `hold-${code}`, delayMs }).catch(() => undefined);
  }


  async #row(q: Queryable, code: string, lock = false): Promise<ReservationRow | undefined> {
    const { rows } = await q.query<ReservationRow>(
      `SELECT ${RESERVATION_COLUMNS} FROM ${RESERVATION_FROM} WHERE r.code = $1 ${lock ? 'FOR UPDATE OF r' : ''}`,
      [code.toUpperCase()],
    );
    return rows[0];
  }

  async #view(q: Queryable, code: string, actor?: Actor): Promise<ReservationView> {
    const row = await this.#row(q, code);
    if (!row) throw new AppError('not_found');
    return toReservationView(row, this.deps.timeZone, actor?.kind === 'staff' ? this.deps.keys : undefined);
  }
}

