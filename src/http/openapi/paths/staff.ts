// The staff's paths: operators (tenants, users, hotels, room types, inventory, reservations) and agents (the desk).
import { z } from 'zod';
import { agentMessageBody, closeBody, handoffListQuery, releaseBody, resolveBody } from '../../../handoff/index.ts';
import {
  hotelBody, hotelListQuery, hotelPatch, inventoryBody, inventoryQuery, loginBody, roomTypeBody, roomTypePatch, tenantBody, userBody,
} from '../../../operators/index.ts';
import { listQuery } from '../../routers/reservations.ts';
import { document, type Operation } from '../registry.ts';
import { created, handoff, reservation } from '../schemas.ts';

const staff: Operation['auth'] = ['staffBearer'];
const id = { id: z.uuid() };
const code = { code: z.string().regex(/^[A-Za-z0-9]{4,16}$/) };
const ops = 'Operators';
const createdAnswer = { 201: { description: 'Created', schema: created } };

document({ method: 'post', path: '/v1/operator/login', tag: ops, summary: 'Sign in (operators, agents, admins)', body: loginBody, errors: { 401: 'invalid_credentials' }, responses: { 200: { description: 'A staff token', schema: z.object({ token: z.string() }) } } });
document({ method: 'get', path: '/v1/operator/me', tag: ops, summary: 'Who is signed in', auth: staff });
document({ method: 'post', path: '/v1/operator/tenants', tag: ops, summary: 'Add a tenant (admin)', auth: staff, body: tenantBody, responses: createdAnswer });
document({ method: 'get', path: '/v1/operator/tenants', tag: ops, summary: 'Tenants one may see', auth: staff });
document({ method: 'post', path: '/v1/operator/users', tag: ops, summary: 'Add an operator or agent (admin)', auth: staff, body: userBody, errors: { 409: 'email_taken' }, responses: createdAnswer });
document({ method: 'post', path: '/v1/operator/hotels', tag: ops, summary: 'Add a hotel', auth: staff, body: hotelBody, responses: createdAnswer });
document({ method: 'get', path: '/v1/operator/hotels', tag: ops, summary: 'Hotels of one\'s tenant (paged; `Link: rel="next"`)', auth: staff, query: hotelListQuery });
document({ method: 'get', path: '/v1/operator/hotels/:id', tag: ops, summary: 'A hotel', auth: staff, params: id });
document({ method: 'patch', path: '/v1/operator/hotels/:id', tag: ops, summary: 'Change a hotel', auth: staff, params: id, body: hotelPatch });
document({ method: 'post', path: '/v1/operator/hotels/:id/room-types', tag: ops, summary: 'Add a room type', auth: staff, params: id, body: roomTypeBody, responses: createdAnswer });
document({ method: 'get', path: '/v1/operator/hotels/:id/room-types', tag: ops, summary: 'A hotel\'s room types', auth: staff, params: id });
document({ method: 'get', path: '/v1/operator/room-types/:id', tag: ops, summary: 'A room type', auth: staff, params: id });
document({ method: 'patch', path: '/v1/operator/room-types/:id', tag: ops, summary: 'Change a room type', auth: staff, params: id, body: roomTypePatch });
document({ method: 'put', path: '/v1/operator/room-types/:id/inventory', tag: ops, summary: 'Set the calendar of nights [from, to)', auth: staff, params: id, body: inventoryBody, errors: { 409: 'allotment_below_booked' } });
document({ method: 'get', path: '/v1/operator/room-types/:id/inventory', tag: ops, summary: 'The calendar of nights [from, to)', auth: staff, params: id, query: inventoryQuery });
document({ method: 'get', path: '/v1/operator/reservations', tag: ops, summary: 'Reservations, newest first', auth: staff, query: listQuery, responses: { 200: { description: 'Reservations', schema: z.array(reservation) } } });
document({ method: 'post', path: '/v1/operator/reservations/:code/confirm', tag: ops, summary: 'Confirm a held reservation (payment received)', auth: staff, params: code, errors: { 409: 'hold_expired or not_confirmable' } });
document({ method: 'post', path: '/v1/operator/reservations/:code/cancel', tag: ops, summary: 'Cancel any reservation', auth: staff, params: code, errors: { 409: 'not_cancellable' } });

const agents = 'Agents';
document({ method: 'get', path: '/v1/agent/handoffs', tag: agents, summary: 'The queue (queued oldest first)', auth: staff, query: handoffListQuery, responses: { 200: { description: 'Handoffs', schema: z.array(handoff) } } });
document({ method: 'get', path: '/v1/agent/handoffs/:id', tag: agents, summary: 'A handoff with its history', auth: staff, params: id });
document({ method: 'post', path: '/v1/agent/handoffs/:id/claim', tag: agents, summary: 'Claim: of two agents at once exactly one gets it', auth: staff, params: id, errors: { 409: 'conflict or agent_at_capacity' } });
document({ method: 'post', path: '/v1/agent/handoffs/:id/release', tag: agents, summary: 'Back to the queue', auth: staff, params: id, body: releaseBody });
document({ method: 'post', path: '/v1/agent/handoffs/:id/resolve', tag: agents, summary: 'The bot takes the conversation back', auth: staff, params: id, body: resolveBody });
document({ method: 'post', path: '/v1/agent/handoffs/:id/close', tag: agents, summary: 'Close', auth: staff, params: id, body: closeBody });
document({ method: 'get', path: '/v1/agent/conversations/:id', tag: agents, summary: 'Transcript, traces, the traveller\'s context and reservations', auth: staff, params: id });
document({ method: 'post', path: '/v1/agent/conversations/:id/messages', tag: agents, summary: 'Reply to the traveller on their channel', auth: staff, params: id, body: agentMessageBody, responses: { 201: { description: 'Sent (`delivered: false` when WeChat\'s 48-hour window is closed)' } } });
