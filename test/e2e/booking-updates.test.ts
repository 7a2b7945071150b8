// A traveller hears of changes to their booking made by others: a held booking confirmed, or released when unpaid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/booking/index.ts';
import { conversationMessages } from '../../src/bot/index.ts';
import { startTestApp, TEST_APP_KEY, type TestApp } from '../support/app.ts';
import { aHotel, aRoomType, aTenant, staffToken } from '../support/builders.ts';
import { listen, type Listening } from '../support/server.ts';

let t: TestApp;
let srv: Listening;
let tenantId: string;
let hotelId: string;
let roomTypeId: string;

beforeAll(async () => {
  t = await startTestApp();
  srv = await listen(t.app);
  tenantId = await aTenant(t.testDb.db);
  hotelId = await aHotel(t.testDb.db, { tenantId, paymentMode: 'prepay', name: '三亚海景酒店' });
  roomTypeId = await aRoomType(t.testDb.db, { hotelId, from: '2026-12-01' });
});
afterAll(async () => {
  await srv?.close();
  await t?.close();
});

async function heldBookingOfAppTraveller(userId: string) {
  const session = await t.services.travellers.startSession({ channel: 'app', subject: userId, locale: 'zh-CN' });
  const actor: Actor = { kind: 'traveller', travellerId: session.travellerId, channel: 'app', tenantId: null };
  const { reservation } = await t.services.booking.book(
    { hotelId, roomTypeId, checkIn: '2026-12-10', checkOut: '2026-12-11', rooms: 1, guests: 1, guest: { name: '王五', phone: '13700000000' } }, actor);
  expect(reservation.status).toBe('held');
  return { session, code: reservation.code };
}

/** Reads one SSE `message` event from the app channel's stream of a conversation. */
async function nextEvent(conversationId: string, trigger: () => Promise<unknown>): Promise<{ text: string }> {
  const ctrl = new AbortController();
  const res = await fetch(`${srv.url}/v1/app/conversations/${conversationId}/events`, { headers: { authorization: `Bearer ${TEST_APP_KEY}` }, signal: ctrl.signal });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let triggered = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += decoder.decode(value, { stream: true });
      if (!triggered && buffer.includes(': connected')) {
        triggered = true;
        await trigger();
      }
      const m = /event: message\ndata: (.*)\n\n/.exec(buffer);
      if (m) return JSON.parse(m[1]!) as { text: string };
    }
  } finally {
    ctrl.abort();
  }
}

describe('booking updates reach the traveller', () => {
  it('an operator confirms a held booking: the app traveller hears it on the SSE stream, and it is in the transcript', async () => {
    const { session, code } = await heldBookingOfAppTraveller('sse-1');
    const op = await staffToken(t.services.keys, 'operator', tenantId);
    const event = await nextEvent(session.conversationId, () =>
      fetch(`${srv.url}/v1/operator/reservations/${code}/confirm`, { method: 'POST', headers: { authorization: `Bearer ${op}` } }).then((r) => expect(r.status).toBe(200)));
    expect(event.text).toContain(code);
    expect(event.text).toContain('已确认');
    const msgs = await conversationMessages(t.testDb.db, session.conversationId);
    expect(msgs.at(-1)).toMatchObject({ author: 'system', direction: 'out' });
    expect(msgs.at(-1)!.text).toContain(code);
  });

  it('an unpaid hold that expires tells the traveller its rooms were released', async () => {
    const { session, code } = await heldBookingOfAppTraveller('sse-2');
    t.clock.advance(31 * 60_000);
    await t.services.booking.sweepExpiredHolds();
    const msgs = await conversationMessages(t.testDb.db, session.conversationId);
    expect(msgs.at(-1)!.text).toContain(code);
    expect(msgs.at(-1)!.text).toContain('释放');
  });
});
