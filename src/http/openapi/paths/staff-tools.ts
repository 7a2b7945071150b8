// The staff's further paths: knowledge, CSV import and export, statistics, conversation review and corrections, the
// agents' booking tools, canned replies and presence.
import { z } from 'zod';
import { agentBookBody, agentQuoteBody, agentSearchBody, cannedListQuery, cannedReplyBody, idempotencyKeyHeader } from '../../../handoff/index.ts';
import { knowledgeBody, knowledgeListQuery, knowledgePatch } from '../../../knowledge/index.ts';
import { hotelInventoryBody, reservationCsvQuery, statsQuery } from '../../../operators/index.ts';
import { conversationListQuery, correctionBody, correctionListQuery } from '../../../review/index.ts';
import { exportQuery, importQuery } from '../../routers/operator-inventory.ts';
import { idempotencyKey } from '../../routers/reservations.ts';
import { document, type Operation } from '../registry.ts';
import { created, reservation } from '../schemas.ts';

const staff: Operation['auth'] = ['staffBearer'];
const id = { id: z.uuid() };
const code = { code: z.string().regex(/^[A-Za-z0-9]{4,16}$/) };
const csv = { 200: { description: 'CSV (UTF-8; `bom=true` adds a byte-order mark for spreadsheet programs)', contentType: 'text/csv' } };
const ops = 'Operators';
const review = 'Review';
const agents = 'Agents';

document({ method: 'get', path: '/v1/operator/knowledge', tag: ops, summary: 'FAQ and policy passages the bot answers from', auth: staff, query: knowledgeListQuery });
document({ method: 'post', path: '/v1/operator/knowledge', tag: ops, summary: 'Add a passage (the bot uses it at once)', auth: staff, body: knowledgeBody, responses: { 201: { description: 'The passage' } } });
document({ method: 'get', path: '/v1/operator/knowledge/:id', tag: ops, summary: 'A passage', auth: staff, params: id });
document({ method: 'patch', path: '/v1/operator/knowledge/:id', tag: ops, summary: 'Change a passage', auth: staff, params: id, body: knowledgePatch });
document({ method: 'delete', path: '/v1/operator/knowledge/:id', tag: ops, summary: 'Remove a passage', auth: staff, params: id, responses: { 204: { description: 'Removed' } } });
document({ method: 'get', path: '/v1/operator/inventory.csv', tag: ops, summary: 'The inventory calendar of [from, to) as CSV', auth: staff, query: exportQuery, responses: csv });
document({
  method: 'post', path: '/v1/operator/inventory/import', tag: ops, summary: 'Import an inventory CSV (all rows or none; `dryRun=true` only checks)',
  auth: staff, query: importQuery, rawBody: { contentTypes: ['text/csv'], description: 'The CSV of /v1/operator/inventory.csv, up to 10 MB.' },
  errors: { 415: 'unsupported_media_type: not text/csv', 422: 'invalid_csv: the rows that are wrong, nothing changed' },
});
document({ method: 'put', path: '/v1/operator/hotels/:id/inventory', tag: ops, summary: 'Set the calendar of several room types of a hotel at once', auth: staff, params: id, body: hotelInventoryBody, errors: { 409: 'allotment_below_booked' } });
document({ method: 'get', path: '/v1/operator/reservations.csv', tag: ops, summary: 'Reservations as CSV', auth: staff, query: reservationCsvQuery, responses: csv });
document({ method: 'get', path: '/v1/operator/reservations/:code', tag: ops, summary: 'A reservation with its guest\'s details', auth: staff, params: code, responses: { 200: { description: 'The reservation', schema: reservation } } });
document({ method: 'get', path: '/v1/operator/stats', tag: ops, summary: 'Bookings, occupancy, conversations and handoffs over [from, to)', auth: staff, query: statsQuery });

document({ method: 'get', path: '/v1/operator/conversations', tag: review, summary: 'Conversations to review', auth: staff, query: conversationListQuery });
document({ method: 'get', path: '/v1/operator/conversations/:id', tag: review, summary: 'A conversation: transcript and the bot\'s traces', auth: staff, params: id });
const correction = {
  tag: review, auth: staff, body: correctionBody, headers: z.object({ 'Idempotency-Key': idempotencyKey.optional() }),
  errors: { 409: 'not_correctable: only an answer of the bot can be corrected' }, responses: { 201: { description: 'The correction', schema: created } },
} as const;
document({ method: 'post', path: '/v1/operator/corrections', summary: 'Correct an answer of the bot (it becomes curated knowledge and fine-tuning data)', ...correction });
document({ method: 'post', path: '/v1/agent/corrections', summary: 'The same, for agents', ...correction });
document({ method: 'get', path: '/v1/operator/corrections', tag: review, summary: 'Corrections made', auth: staff, query: correctionListQuery });

document({ method: 'post', path: '/v1/agent/conversations/:id/search', tag: agents, summary: 'Search hotels for the traveller of a conversation one holds', auth: staff, params: id, body: agentSearchBody });
document({ method: 'post', path: '/v1/agent/conversations/:id/quote', tag: agents, summary: 'A server-priced quote for the traveller', auth: staff, params: id, body: agentQuoteBody, responses: { 201: { description: 'The quote' } } });
document({
  method: 'post', path: '/v1/agent/conversations/:id/bookings', tag: agents, summary: 'Book for the traveller (the same Idempotency-Key again: the same reservation)',
  auth: staff, params: id, body: agentBookBody, headers: z.object({ 'Idempotency-Key': idempotencyKeyHeader }),
  errors: { 409: 'sold_out, quote_expired or quote_used' }, responses: { 201: { description: 'The reservation', schema: reservation } },
});
document({ method: 'post', path: '/v1/agent/conversations/:id/reservations/:code/cancel', tag: agents, summary: 'Cancel a reservation of the traveller', auth: staff, params: { ...id, ...code }, errors: { 409: 'not_cancellable' } });
document({ method: 'get', path: '/v1/agent/canned-replies', tag: agents, summary: 'Canned replies', auth: staff, query: cannedListQuery });
document({ method: 'post', path: '/v1/agent/canned-replies', tag: agents, summary: 'Add a canned reply', auth: staff, body: cannedReplyBody, responses: { 201: { description: 'The canned reply' } } });
document({ method: 'delete', path: '/v1/agent/canned-replies/:id', tag: agents, summary: 'Remove a canned reply', auth: staff, params: id, responses: { 204: { description: 'Removed' } } });
document({ method: 'get', path: '/v1/agent/me', tag: agents, summary: 'Who is signed in', auth: staff });
document({ method: 'get', path: '/v1/agent/presence', tag: agents, summary: 'Agents online', auth: staff });
