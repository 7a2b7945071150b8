// Reservations: the traveller's (and every channel's) booking endpoints, and the operator's search, detail, CSV and confirm.
import { Router } from 'express';
import { z } from 'zod';
import { reservationBody, type Actor } from '../../booking/index.ts';
import { AppError } from '../../errors.ts';
import { reservationCsvQuery, reservationListQuery } from '../../operators/index.ts';
import { travellerRateLimit } from '../../observability/index.ts';
import type { Principal } from '../../security/index.ts';
import type { Services } from '../../services.ts';
import { authenticate, principal, requireRole, staff } from '../auth.ts';
import { parse } from '../validate.ts';
import { sendCsv } from './operator-csv.ts';

export const idempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** The query of `GET /v1/operator/reservations` (the OpenAPI document reads it from here). */
export const listQuery = reservationListQuery;

const code = (v: unknown) => {
  if (typeof v !== 'string' || !/^[A-Za-z0-9]{4,16}$/.test(v)) throw new AppError('not_found', 'No such reservation.');
  return v.toUpperCase();
};

/** The actor of a request: a traveller or a member of staff. */
export function actorOf(p: Principal): Actor {
  return p.kind === 'traveller'
    ? { kind: 'traveller', travellerId: p.travellerId, channel: p.channel, tenantId: p.tenantId }
    : { kind: 'staff', userId: p.userId, role: p.role, tenantId: p.tenantId };
}

/** `/v1/reservations` (travellers and staff) and `/v1/operator/reservations` (staff). */
export function reservationRouter(s: Services): { traveller: Router; operator: Router } {
  const traveller = Router();
  const anyone = authenticate(s.keys, s.clock, ['traveller', 'staff']);

  // A traveller's bookings count against the traveller's limit; staff book for many travellers and are not limited.
  const perTraveller = travellerRateLimit(s.limits, s.metrics, (_req, res) => {
    const p = res.locals.principal as Principal | undefined;
    return p?.kind === 'traveller' ? p.travellerId : undefined;
  });
  traveller.post('/', anyone, perTraveller, async (req, res) => {
    const key = req.get('Idempotency-Key');
    const body = parse(reservationBody, req.body);
    const { reservation } = await s.booking.book(body, actorOf(principal(res)), {
      idempotencyKey: key === undefined ? undefined : parse(idempotencyKey, key, 'Idempotency-Key header'),
    });
    res.status(201).json(reservation);
  });
  traveller.get('/:code', anyone, async (req, res) => {
    res.json(await s.booking.get(code(req.params.code), actorOf(principal(res))));
  });
  traveller.post('/:code/cancel', anyone, async (req, res) => {
    res.json(await s.booking.cancel(code(req.params.code), actorOf(principal(res))));
  });

  const operator = Router();
  const staffOnly = [authenticate(s.keys, s.clock, ['staff']), requireRole('admin', 'operator', 'agent')];
  operator.get('/reservations', ...staffOnly, async (req, res) => {
    res.json(await s.operators.searchReservations(staff(res), parse(reservationListQuery, req.query, 'query')));
  });
  operator.get('/reservations.csv', ...staffOnly, async (req, res) => {
    const run = await s.operators.exportReservations(staff(res), parse(reservationCsvQuery, req.query, 'query'));
    await sendCsv(res, `reservations-${s.clock.now().toISOString().slice(0, 10)}.csv`, run);
  });
  operator.get('/reservations/:code', ...staffOnly, async (req, res) => {
    res.json(await s.operators.reservationDetail(staff(res), code(req.params.code)));
  });
  operator.post('/reservations/:code/confirm', authenticate(s.keys, s.clock, ['staff']), requireRole('admin', 'operator'), async (req, res) => {
    const me = staff(res);
    res.json(await s.booking.confirm(code(req.params.code), { kind: 'staff', userId: me.userId, role: me.role, tenantId: me.tenantId }));
  });
  operator.post('/reservations/:code/cancel', ...staffOnly, async (req, res) => {
    res.json(await s.booking.cancel(code(req.params.code), actorOf(principal(res))));
  });
  return { traveller, operator };
}
