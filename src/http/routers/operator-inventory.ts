// The inventory calendar in bulk: CSV export and import, and one write over every room type of a hotel.
import express, { Router } from 'express';
import { z } from 'zod';
import { isoDate } from '../../booking/index.ts';
import { AppError } from '../../errors.ts';
import { hotelInventoryBody, MAX_INVENTORY_NIGHTS } from '../../operators/index.ts';
import { nightsBetween } from '../../dates.ts';
import type { Services } from '../../services.ts';
import { authenticate, requireRole, staff } from '../auth.ts';
import { parse, uuidParam } from '../validate.ts';
import { sendCsv } from './operator-csv.ts';

/** Largest CSV accepted by the import. */
export const IMPORT_LIMIT = '10mb';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const exportQuery = z
  .object({ from: isoDate, to: isoDate, hotelId: z.uuid().optional(), tenantId: z.uuid().optional(), bom: flag.optional() })
  .strict()
  .superRefine((v, ctx) => {
    const n = nightsBetween(v.from, v.to);
    if (n < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from (to is exclusive)' });
    if (n > MAX_INVENTORY_NIGHTS) ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_INVENTORY_NIGHTS} nights at once` });
  });

export const importQuery = z.object({ dryRun: flag.optional() }).strict();

/**
 * `GET /inventory.csv`, `POST /inventory/import` (text/csv, up to 10 MB, its own parser: the JSON limit elsewhere
 * stays small) and `PUT /hotels/:id/inventory`, under /v1/operator.
 */
export function operatorInventoryRouter(s: Services): Router {
  const r = Router();
  const signedIn = authenticate(s.keys, s.clock, ['staff']);
  const reader = [signedIn, requireRole('admin', 'operator', 'agent')];
  const writer = [signedIn, requireRole('admin', 'operator')];
  const csvBody = express.text({ type: () => true, limit: IMPORT_LIMIT, defaultCharset: 'utf-8' });

  r.get('/inventory.csv', ...reader, async (req, res) => {
    const q = parse(exportQuery, req.query, 'query');
    const run = await s.operators.exportInventory(staff(res), q);
    await sendCsv(res, `inventory-${q.from}-${q.to}.csv`, async (write) => {
      if (q.bom) await write('\uFEFF');
      return run(write);
    });
  });

  r.post('/inventory/import', ...writer, (req, _res, next) => {
    if (!req.is('text/csv') && !req.is('text/plain')) {
      return next(new AppError('unsupported_media_type', 'Send the file as Content-Type: text/csv.'));
    }
    next();
  }, csvBody, async (req, res) => {
    const q = parse(importQuery, req.query, 'query');
    const text = typeof req.body === 'string' ? req.body : '';
    res.json(await s.operators.importInventory(staff(res), text, { dryRun: q.dryRun ?? false }));
  });

  r.put('/hotels/:id/inventory', ...writer, async (req, res) => {
    const id = uuidParam(req.params.id);
    res.json(await s.operators.setHotelInventory(staff(res), id, parse(hotelInventoryBody, req.body)));
  });
  return r;
}
