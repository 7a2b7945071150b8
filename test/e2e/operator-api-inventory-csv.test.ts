// The inventory calendar as CSV: an operator exports it, edits it in a spreadsheet and imports it back, all or nothing.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aHotel, aRoomType, aTenant, staffToken } from '../support/builders.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let tenantA: string;
let tenantB: string;
let operatorA: string;
let operatorB: string;
let agentA: string;
let admin: string;
let hotelA: string;
let hotelB: string;
let roomA1: string;
let roomA2: string;
let roomB: string;

const HEADER = 'hotel_id,hotel_name,room_type_id,room_name,night,allotment,booked,price,stop_sell';
const api = () => request(t.app);
const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const db = () => t.testDb.db;

interface Night { room_type_id: string; night: string; allotment: number; booked: number; price: number; stop_sell: boolean }

async function nights(roomTypeId: string): Promise<Night[]> {
  const { rows } = await db().query<Night>(
    'SELECT room_type_id, night, allotment, booked, price, stop_sell FROM inventory WHERE room_type_id = $1 ORDER BY night',
    [roomTypeId],
  );
  return rows;
}

/** Every inventory row of the database, to prove that nothing changed. */
async function snapshot(): Promise<string> {
  const { rows } = await db().query('SELECT room_type_id, night, allotment, booked, price, stop_sell FROM inventory ORDER BY room_type_id, night');
  return JSON.stringify(rows);
}

const importCsv = (token: string, csv: string, query = '') =>
  api().post(`/v1/operator/inventory/import${query}`).set(as(token)).set('Content-Type', 'text/csv').send(csv);

/** Parses simple CSV lines (no quoted commas) into objects by header. */
function rowsOf(text: string): Array<Record<string, string>> {
  const [head, ...lines] = text.trim().split('\n').map((l) => l.replace(/\r$/, ''));
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

beforeAll(async () => {
  t = await startTestApp();
  tenantA = await aTenant(db(), '西湖酒店集团');
  tenantB = await aTenant(db(), '外滩酒店集团');
  operatorA = await staffToken(t.services.keys, 'operator', tenantA);
  operatorB = await staffToken(t.services.keys, 'operator', tenantB);
  agentA = await staffToken(t.services.keys, 'agent', tenantA);
  admin = await staffToken(t.services.keys, 'admin', null);
  hotelA = await aHotel(db(), { tenantId: tenantA, name: '西湖宾馆', city: '杭州' });
  hotelB = await aHotel(db(), { tenantId: tenantB, name: '外滩饭店', city: '上海' });
  roomA1 = await aRoomType(db(), { hotelId: hotelA, name: '大床房', from: '2026-12-01', nights: 10, allotment: 10, price: 68_800 });
  roomA2 = await aRoomType(db(), { hotelId: hotelA, name: '双床房', from: '2026-12-01', nights: 10, allotment: 6, price: 58_800 });
  roomB = await aRoomType(db(), { hotelId: hotelB, name: '江景房', from: '2026-12-01', nights: 10, allotment: 5, price: 99_900 });
  await db().query(`UPDATE inventory SET booked = 3 WHERE room_type_id = $1 AND night = '2026-12-05'`, [roomA1]);
}, 60_000);
afterAll(() => t?.close());

describe('exporting the calendar', () => {
  it('writes the header, then a line per room type and night, prices in yuan with two decimals', async () => {
    const res = await api().get('/v1/operator/inventory.csv?from=2026-12-01&to=2026-12-04').set(as(operatorA)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toContain('inventory-2026-12-01-2026-12-04.csv');
    expect(res.text.split('\n')[0]).toBe(HEADER);
    const rows = rowsOf(res.text);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual({
      hotel_id: hotelA, hotel_name: '西湖宾馆', room_type_id: roomA1, room_name: '大床房', night: '2026-12-01',
      allotment: '10', booked: '0', price: '688.00', stop_sell: 'false',
    });
    expect(rows.map((r) => r.room_type_id)).toEqual([roomA1, roomA1, roomA1, roomA2, roomA2, roomA2]);
  });

  it("never shows another tenant's rows, and answers another tenant's hotel with 404", async () => {
    const mine = await api().get('/v1/operator/inventory.csv?from=2026-12-01&to=2026-12-11').set(as(operatorA)).expect(200);
    expect(mine.text).not.toContain(roomB);
    expect(mine.text).not.toContain('外滩');
    const foreign = await api().get(`/v1/operator/inventory.csv?from=2026-12-01&to=2026-12-11&hotelId=${hotelB}`).set(as(operatorA)).expect(404);
    expect(foreign.body.error).toBe('not_found');
    await api().get(`/v1/operator/inventory.csv?from=2026-12-01&to=2026-12-11&tenantId=${tenantB}`).set(as(operatorA)).expect(404);
    const all = await api().get('/v1/operator/inventory.csv?from=2026-12-01&to=2026-12-11').set(as(admin)).expect(200);
    expect(all.text).toContain(roomB);
    const onlyB = await api().get(`/v1/operator/inventory.csv?from=2026-12-01&to=2026-12-11&tenantId=${tenantB}`).set(as(admin)).expect(200);
    expect(onlyB.text).toContain(roomB);
    expect(onlyB.text).not.toContain(roomA1);
  });

  it('shows the booked count and stop-sell as they are, and lets agents read it', async () => {
    await db().query(`UPDATE inventory SET stop_sell = true WHERE room_type_id = $1 AND night = '2026-12-06'`, [roomA1]);
    const res = await api().get(`/v1/operator/inventory.csv?from=2026-12-05&to=2026-12-07&hotelId=${hotelA}`).set(as(agentA)).expect(200);
    const a1 = rowsOf(res.text).filter((r) => r.room_type_id === roomA1);
    expect(a1.map((r) => [r.night, r.booked, r.stop_sell])).toEqual([['2026-12-05', '3', 'false'], ['2026-12-06', '0', 'true']]);
    await db().query(`UPDATE inventory SET stop_sell = false WHERE room_type_id = $1 AND night = '2026-12-06'`, [roomA1]);
  });

  it('starts with a byte order mark for Excel when asked', async () => {
    const res = await api().get('/v1/operator/inventory.csv?from=2026-12-01&to=2026-12-02&bom=true').set(as(operatorA)).buffer(true)
      .parse((r, cb) => { const chunks: Buffer[] = []; r.on('data', (c: Buffer) => chunks.push(c)); r.on('end', () => cb(null, Buffer.concat(chunks))); })
      .expect(200);
    expect([...(res.body as Buffer).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it.each([
    ['to before from', 'from=2026-12-05&to=2026-12-01'],
    ['more than a year', 'from=2026-01-01&to=2027-06-01'],
    ['no range', ''],
    ['a bad date', 'from=2026-02-30&to=2026-03-02'],
  ])('refuses %s with 400', async (_name, query) => {
    const res = await api().get(`/v1/operator/inventory.csv?${query}`).set(as(operatorA)).expect(400);
    expect(res.body.error).toBe('invalid_request');
  });
});

describe('importing a CSV', () => {
  it('takes back an edited export: changed prices, allotments and stop-sell apply, the rest stays', async () => {
    const exported = await api().get(`/v1/operator/inventory.csv?from=2026-12-01&to=2026-12-04&hotelId=${hotelA}`).set(as(operatorA)).expect(200);
    const edited = exported.text.split('\n').map((line) => {
      if (line.startsWith(HEADER)) return line;
      const cells = line.split(',');
      if (cells[2] === roomA1 && cells[4] === '2026-12-02') { cells[7] = '888.00'; cells[5] = '12'; }
      if (cells[2] === roomA2 && cells[4] === '2026-12-03') cells[8] = 'true';
      return cells.join(',');
    }).join('\n');
    const before = await nights(roomA1);
    const res = await importCsv(operatorA, edited).expect(200);
    expect(res.body).toEqual({ dryRun: false, rows: 6, applied: 2, created: 0, updated: 2, unchanged: 4 });
    const after = await nights(roomA1);
    expect(after.find((n) => n.night === '2026-12-02')).toMatchObject({ allotment: 12, price: 88_800, booked: 0 });
    expect(after.filter((n) => n.night !== '2026-12-02')).toEqual(before.filter((n) => n.night !== '2026-12-02'));
    expect((await nights(roomA2)).find((n) => n.night === '2026-12-03')!.stop_sell).toBe(true);
    // The same file again changes nothing.
    const again = await importCsv(operatorA, edited).expect(200);
    expect(again.body).toMatchObject({ applied: 0, unchanged: 6 });
  });

  it('leaves a value unchanged when its cell is empty, and never changes booked', async () => {
    const csv = `room_type_id,night,allotment,price,stop_sell,booked\n${roomA1},2026-12-05,,555.5,,0\n`;
    await importCsv(operatorA, csv).expect(200);
    expect((await nights(roomA1)).find((n) => n.night === '2026-12-05')).toMatchObject({ allotment: 10, booked: 3, price: 55_550, stop_sell: false });
  });

  it('creates nights not yet in the calendar, at the base price when no price is given', async () => {
    const csv = `room_type_id,night,allotment,price,stop_sell\n${roomA2},2027-01-10,4,,\n${roomA2},2027-01-11,5,700,true\n`;
    const res = await importCsv(operatorA, csv).expect(200);
    expect(res.body).toMatchObject({ applied: 2, created: 2, updated: 0 });
    const created = (await nights(roomA2)).filter((n) => n.night >= '2027-01-01');
    expect(created).toEqual([
      { room_type_id: roomA2, night: '2027-01-10', allotment: 4, booked: 0, price: 58_800, stop_sell: false },
      { room_type_id: roomA2, night: '2027-01-11', allotment: 5, booked: 0, price: 70_000, stop_sell: true },
    ]);
  });

  it('checks everything on a dry run and changes nothing', async () => {
    const before = await snapshot();
    const csv = `room_type_id,night,allotment,price,stop_sell\n${roomA1},2026-12-07,7,,\n${roomA1},2027-02-01,2,,\n`;
    const res = await importCsv(operatorA, csv, '?dryRun=true').expect(200);
    expect(res.body).toEqual({ dryRun: true, rows: 2, applied: 2, created: 1, updated: 1, unchanged: 0 });
    expect(await snapshot()).toBe(before);
  });

  it('changes nothing when one row of a thousand is bad, and names that row', async () => {
    const lines = ['room_type_id,night,allotment,price,stop_sell'];
    for (let i = 0; i < 1000; i++) {
      const night = new Date(Date.UTC(2027, 2, 1) + i * 86_400_000).toISOString().slice(0, 10);
      lines.push(`${i % 2 ? roomA1 : roomA2},${night},9,321.00,false`);
    }
    // Line 501 of the file: the night with three rooms booked, given an allotment of one.
    lines[500] = `${roomA1},2026-12-05,1,,`;
    const before = await snapshot();
    const res = await importCsv(operatorA, lines.join('\n')).expect(422);
    expect(res.body).toEqual({
      error: 'invalid_csv',
      message: '1 of 1000 rows cannot be applied; nothing was changed.',
      details: {
        rejected: [{ line: 501, roomTypeId: roomA1, night: '2026-12-05', reason: 'allotment 1 is below the 3 rooms already booked' }],
        rejectedCount: 1,
      },
    });
    expect(await snapshot()).toBe(before);
    // Without the bad row, all 999 apply.
    lines.splice(500, 1);
    const ok = await importCsv(operatorA, lines.join('\n')).expect(200);
    expect(ok.body).toMatchObject({ applied: 999, created: 999 });
  });

  it('lists every bad row with its line and reason', async () => {
    const csv = [
      'hotel_name,room_type_id,night,allotment,price,stop_sell',
      `西湖宾馆,${roomA1},2026-12-01,5,,`,
      `x,00000000-0000-4000-8000-000000000000,2026-12-01,5,,`,
      `外滩饭店,${roomB},2026-12-01,5,,`,
      `x,${roomA1},2026-13-01,5,,`,
      `x,${roomA1},2026-12-02,-1,,`,
      `x,${roomA1},2026-12-03,,abc,`,
      `x,${roomA1},2026-12-01,6,,`,
      `x,${roomA1},2028-01-01,,100,`,
      `x,${roomA1},2026-12-04,,,maybe`,
      `x,${roomA1},2026-12-04,,1.234,`,
      `x,not-a-room,2026-12-04,1,,`,
    ].join('\n');
    const before = await snapshot();
    const res = await importCsv(operatorA, csv).expect(422);
    expect(res.body.error).toBe('invalid_csv');
    const rejected = res.body.details.rejected as Array<{ line: number; reason: string; roomTypeId: string | null; night: string | null }>;
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([
      [3, 'no such room type'],
      [4, 'no such room type'],
      [5, 'night is not a date as YYYY-MM-DD'],
      [6, 'allotment must be a whole number 0…10000'],
      [7, 'price must be a non-negative amount in yuan with at most two decimals'],
      [8, 'duplicate of line 2 (same room type and night)'],
      [9, 'a night not yet in the calendar needs an allotment'],
      [10, 'stop_sell must be true or false'],
      [11, 'price must be a non-negative amount in yuan with at most two decimals'],
      [12, 'room_type_id is not a room type id'],
    ]);
    expect(rejected[2]).toMatchObject({ roomTypeId: roomA1, night: '2026-13-01' });
    expect(res.body.details.rejectedCount).toBe(10);
    expect(await snapshot()).toBe(before);
  });

  it("treats another tenant's room type like an unknown one, even for an operator of that other tenant's file", async () => {
    const csv = `room_type_id,night,allotment,price,stop_sell\n${roomA1},2026-12-01,1,,\n`;
    const res = await importCsv(operatorB, csv).expect(422);
    expect(res.body.details.rejected).toEqual([{ line: 2, roomTypeId: roomA1, night: '2026-12-01', reason: 'no such room type' }]);
  });

  it('names the columns a header lacks', async () => {
    const res = await importCsv(operatorA, `room_type_id,night,allotment\n${roomA1},2026-12-01,1\n`).expect(422);
    expect(res.body).toMatchObject({ error: 'invalid_csv', message: 'The header lacks the columns price, stop_sell.' });
  });

  it('reads a file saved by Excel: a byte order mark and CRLF line ends', async () => {
    const csv = `\uFEFFroom_type_id,night,allotment,price,stop_sell\r\n${roomA2},2026-12-08,5,,\r\n`;
    await importCsv(operatorA, csv).expect(200);
    expect((await nights(roomA2)).find((n) => n.night === '2026-12-08')!.allotment).toBe(5);
  });

  it('wants text/csv, refuses agents, and takes files far larger than the JSON limit (but not over 10 MB)', async () => {
    const csv = `room_type_id,night,allotment,price,stop_sell\n${roomA2},2026-12-08,5,,\n`;
    const json = await api().post('/v1/operator/inventory/import').set(as(operatorA)).send({ csv }).expect(415);
    expect(json.body.error).toBe('unsupported_media_type');
    await importCsv(agentA, csv).expect(403);
    // About 200 kB of ignored columns: beyond the 64 kB JSON limit, well within the import's.
    const wide = `room_type_id,night,allotment,price,stop_sell,note\n${roomA2},2026-12-08,5,,,${'x'.repeat(200_000)}\n`;
    await importCsv(operatorA, wide).expect(200);
    const huge = `room_type_id,night,allotment,price,stop_sell,note\n${roomA2},2026-12-08,5,,,${'x'.repeat(10_600_000)}\n`;
    const tooBig = await importCsv(operatorA, huge).expect(413);
    expect(tooBig.body.error).toBe('payload_too_large');
    // The JSON limit elsewhere is unchanged.
    await api().post('/v1/operator/knowledge').set(as(operatorA)).send({ question: 'q', answer: 'a'.repeat(70_000) }).expect(413);
  });
});

describe('spreadsheet habits', () => {
  it('round-trips names with commas and quotes, and reads prices as spreadsheets write them', async () => {
    await t.testDb.db.query(`UPDATE room_types SET name = $2 WHERE id = $1`, [roomA2, '双床房, "湖景"']);
    const exported = await api().get(`/v1/operator/inventory.csv?from=2026-12-01&to=2026-12-03&hotelId=${hotelA}`).set(as(operatorA)).expect(200);
    expect(exported.text).toContain('"双床房, ""湖景"""');
    const again = await importCsv(operatorA, exported.text).expect(200);
    expect(again.body).toMatchObject({ rows: 4, applied: 0, unchanged: 4 });
    const csv = `room_type_id,night,allotment,price,stop_sell\n${roomA2},2026-12-01,,688,\n${roomA2},2026-12-02,,"¥1,288.5",Yes\n`;
    await importCsv(operatorA, csv).expect(200);
    const [first, second] = await nights(roomA2);
    expect([first!.price, second!.price, second!.stop_sell]).toEqual([68_800, 128_850, true]);
  });
});

describe('imports and bookings at the same time', () => {
  it('neither deadlocks nor oversells: each import applies whole or is refused whole', async () => {
    const actor = (i: number) => ({ kind: 'traveller' as const, travellerId: `app:race-${i}`, channel: 'app', tenantId: null });
    const bookings = Array.from({ length: 12 }, (_, i) => t.services.booking.book(
      { hotelId: hotelA, roomTypeId: i % 2 ? roomA1 : roomA2, checkIn: '2026-12-20', checkOut: '2026-12-23', rooms: 1, guests: 1, guest: { name: '赵六', phone: '13800000000' } },
      actor(i),
    ).then(() => 'booked', (e: { code?: string }) => e.code ?? String(e)));
    const imports = [3, 4, 5, 6].map((allotment) => {
      const rows = [roomA1, roomA2].flatMap((rt) => ['2026-12-20', '2026-12-21', '2026-12-22'].map((n) => `${rt},${n},${allotment},,`));
      return importCsv(operatorA, `room_type_id,night,allotment,price,stop_sell\n${rows.join('\n')}\n`).then((r) => r.status);
    });
    const [booked, imported] = await Promise.all([Promise.all(bookings), Promise.all(imports)]);
    expect(imported.every((status) => status === 200 || status === 422 || status === 409)).toBe(true);
    expect(booked.every((b) => b === 'booked' || b === 'sold_out')).toBe(true);
    const { rows } = await t.testDb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM inventory WHERE room_type_id = ANY($1::uuid[]) AND night BETWEEN '2026-12-20' AND '2026-12-22' AND booked > allotment`,
      [[roomA1, roomA2]],
    );
    expect(rows[0]!.n).toBe(0);
    const { rows: made } = await t.testDb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM reservations WHERE traveller_id LIKE 'app:race-%'`);
    expect(made[0]!.n).toBe(booked.filter((b) => b === 'booked').length);
  });
});

describe('one write over every room type of a hotel', () => {
  it('sets the nights of all its room types, or of the ones named, on the weekdays given', async () => {
    const res = await api().put(`/v1/operator/hotels/${hotelA}/inventory`).set(as(operatorA))
      .send({ from: '2026-12-07', to: '2026-12-14', price: { amount: 99_900, currency: 'CNY' }, weekdays: [5, 6] }).expect(200);
    expect(res.body.map((r: { roomTypeId: string }) => r.roomTypeId).sort()).toEqual([roomA1, roomA2].sort());
    for (const r of res.body as Array<{ nights: Array<{ night: string; price: { amount: number } }> }>) {
      expect(r.nights.map((n) => n.night)).toEqual(['2026-12-11', '2026-12-12']);
      expect(r.nights.every((n) => n.price.amount === 99_900)).toBe(true);
    }
    const only = await api().put(`/v1/operator/hotels/${hotelA}/inventory`).set(as(operatorA))
      .send({ from: '2026-12-09', to: '2026-12-10', stopSell: true, roomTypeIds: [roomA2] }).expect(200);
    expect(only.body).toEqual([{ roomTypeId: roomA2, nights: [expect.objectContaining({ night: '2026-12-09', stopSell: true })] }]);
    expect((await nights(roomA1)).find((n) => n.night === '2026-12-09')!.stop_sell).toBe(false);
  });

  it('changes no room type when one night would fall below its bookings', async () => {
    const before = await snapshot();
    const res = await api().put(`/v1/operator/hotels/${hotelA}/inventory`).set(as(operatorA))
      .send({ from: '2026-12-04', to: '2026-12-07', allotment: 2 }).expect(409);
    expect(res.body).toMatchObject({ error: 'allotment_below_booked', details: { roomTypes: [{ roomTypeId: roomA1, nights: [{ night: '2026-12-05', booked: 3 }] }] } });
    expect(await snapshot()).toBe(before);
  });

  it("answers another tenant's hotel, or a room type of another hotel, with 404", async () => {
    await api().put(`/v1/operator/hotels/${hotelB}/inventory`).set(as(operatorA)).send({ from: '2026-12-01', to: '2026-12-02', allotment: 1 }).expect(404);
    await api().put(`/v1/operator/hotels/${hotelA}/inventory`).set(as(operatorA))
      .send({ from: '2026-12-01', to: '2026-12-02', allotment: 1, roomTypeIds: [roomB] }).expect(404);
    await api().put(`/v1/operator/hotels/${hotelA}/inventory`).set(as(agentA)).send({ from: '2026-12-01', to: '2026-12-02', allotment: 1 }).expect(403);
    expect((await nights(roomB))[0]!.allotment).toBe(5);
  });
});
