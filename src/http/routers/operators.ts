// The operator console's API under /v1/operator: sign-in, tenants, users, hotels, room types and inventory.
import { Router, type Request } from 'express';
import {
  hotelBody, hotelListQuery, hotelPatch, inventoryBody, inventoryQuery, loginBody, roomTypeBody, roomTypePatch,
  tenantBody, userBody,
} from '../../operators/index.ts';
import type { Services } from '../../services.ts';
import { authenticate, requireRole, staff } from '../auth.ts';
import { parse, uuidParam } from '../validate.ts';

/** `Link: <…>; rel="next"` for a list that has more, keeping the caller's filters. */
function nextLink(req: Request, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  return `<${req.baseUrl}${req.path}?${params}>; rel="next"`;
}

/**
 * `/v1/operator/*` except the reservation routes (reservations.ts). The service enforces who may do what; the
 * role gates here only make a forbidden call answer 403 before its body is even read.
 */
export function operatorRouter(s: Services): Router {
  const r = Router();
  const ops = s.operators;
  const signedIn = authenticate(s.keys, s.clock, ['staff']);
  const reader = [signedIn, requireRole('admin', 'operator', 'agent')];
  const writer = [signedIn, requireRole('admin', 'operator')];
  const admin = [signedIn, requireRole('admin')];

  r.post('/login', async (req, res) => {
    res.json(await ops.login(parse(loginBody, req.body)));
  });
  r.get('/me', ...reader, async (_req, res) => {
    res.json(await ops.me(staff(res)));
  });

  r.post('/tenants', ...admin, async (req, res) => {
    res.status(201).json(await ops.createTenant(staff(res), parse(tenantBody, req.body)));
  });
  r.get('/tenants', ...reader, async (_req, res) => {
    res.json(await ops.listTenants(staff(res)));
  });
  r.post('/users', ...admin, async (req, res) => {
    res.status(201).json(await ops.createUser(staff(res), parse(userBody, req.body)));
  });

  r.post('/hotels', ...writer, async (req, res) => {
    res.status(201).json(await ops.createHotel(staff(res), parse(hotelBody, req.body)));
  });
  r.get('/hotels', ...reader, async (req, res) => {
    const q = parse(hotelListQuery, req.query, 'query');
    const page = await ops.listHotels(staff(res), q);
    if (page.hasMore) res.set('Link', nextLink(req, { ...q, offset: q.offset + q.limit }));
    res.json(page.hotels);
  });
  r.get('/hotels/:id', ...reader, async (req, res) => {
    res.json(await ops.getHotel(staff(res), uuidParam(req.params.id)));
  });
  r.patch('/hotels/:id', ...writer, async (req, res) => {
    const id = uuidParam(req.params.id);
    res.json(await ops.updateHotel(staff(res), id, parse(hotelPatch, req.body)));
  });

  r.post('/hotels/:id/room-types', ...writer, async (req, res) => {
    const id = uuidParam(req.params.id);
    res.status(201).json(await ops.createRoomType(staff(res), id, parse(roomTypeBody, req.body)));
  });
  r.get('/hotels/:id/room-types', ...reader, async (req, res) => {
    res.json(await ops.listRoomTypes(staff(res), uuidParam(req.params.id)));
  });
  r.get('/room-types/:id', ...reader, async (req, res) => {
    res.json(await ops.getRoomType(staff(res), uuidParam(req.params.id)));
  });
  r.patch('/room-types/:id', ...writer, async (req, res) => {
    const id = uuidParam(req.params.id);
    res.json(await ops.updateRoomType(staff(res), id, parse(roomTypePatch, req.body)));
  });

  r.put('/room-types/:id/inventory', ...writer, async (req, res) => {
    const id = uuidParam(req.params.id);
    res.json(await ops.setInventory(staff(res), id, parse(inventoryBody, req.body)));
  });
  r.get('/room-types/:id/inventory', ...reader, async (req, res) => {
    const id = uuidParam(req.params.id);
    res.json(await ops.getInventory(staff(res), id, parse(inventoryQuery, req.query, 'query')));
  });
  return r;
}
