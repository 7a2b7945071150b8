// `npm run import`: the CSV import as a command, run as a child process against a database of its own.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDb, type Db } from '../../db/index.ts';
import { aHotel, aRoomType, aTenant } from '../support/builders.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

let dir: string;
let testDb: TestDb | undefined;
let tenantA: string;
let tenantB: string;
let room: string;

/** The database the command sees: the test's PostgreSQL database, or embedded PGlite under DATA_DIR (one opener at a time). */
async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  if (testDb) return fn(testDb.db);
  const db = await openDb({ dataDir: dir });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, DATA_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'silent' };
  delete e.REDIS_URL;
  if (testDb?.url) e.DATABASE_URL = testDb.url;
  else delete e.DATABASE_URL;
  return e;
}

/** Runs `npx tsx src/cli/import.ts …args`; resolves with its exit code and output. */
function runImport(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/cli/import.ts', ...args], { cwd: process.cwd(), env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 55_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const calendar = () => withDb(async (db) => (await db.query<{ night: string; allotment: number; booked: number; price: number }>(
  'SELECT night, allotment, booked, price FROM inventory WHERE room_type_id = $1 ORDER BY night', [room])).rows);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tourdesk-import-'));
  if (process.env.DATABASE_URL) testDb = await createTestDb({ poolSize: 2 });
  await withDb(async (db) => {
    if (!testDb) await migrate(db);
    tenantA = await aTenant(db);
    tenantB = await aTenant(db);
    const hotel = await aHotel(db, { tenantId: tenantA });
    room = await aRoomType(db, { hotelId: hotel, from: '2026-12-01', nights: 3, allotment: 8, price: 40_000 });
    await db.query(`UPDATE inventory SET booked = 2 WHERE room_type_id = $1 AND night = '2026-12-02'`, [room]);
  });
}, 60_000);
afterAll(async () => {
  await testDb?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('npm run import', () => {
  it('applies a good file and says what it did', async () => {
    const path = await file('good.csv', `room_type_id,night,allotment,price,stop_sell\n${room},2026-12-01,9,450.00,\n${room},2026-12-10,4,,false\n`);
    const r = await runImport(path);
    expect(r.stderr).not.toContain('rejected');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Applied 2 of 2 rows \(1 nights created, 1 updated, 0 unchanged\)/);
    const nights = await calendar();
    expect(nights.find((n) => n.night === '2026-12-01')).toMatchObject({ allotment: 9, price: 45_000 });
    expect(nights.find((n) => n.night === '2026-12-10')).toMatchObject({ allotment: 4, price: 40_000 });
  }, 60_000);

  it('lists the rejected rows with line and reason, exits 1, and changes nothing', async () => {
    const before = await calendar();
    const path = await file('bad.csv', [
      'room_type_id,night,allotment,price,stop_sell',
      `${room},2026-12-03,1,,`,
      `${room},2026-12-02,1,,`,
      `${room},2026-12-31,,99,`,
    ].join('\n'));
    const r = await runImport(path);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('2 of 3 rows cannot be applied; nothing was changed.');
    expect(r.stderr).toMatch(/line\s+3\s+allotment 1 is below the 2 rooms already booked/);
    expect(r.stderr).toMatch(/line\s+4\s+a night not yet in the calendar needs an allotment/);
    expect(r.stderr).not.toMatch(/line\s+2\s/);
    expect(await calendar()).toEqual(before);
  }, 60_000);

  it('checks and changes nothing on --dry-run', async () => {
    const before = await calendar();
    const path = await file('dry.csv', `room_type_id,night,allotment,price,stop_sell\n${room},2026-12-03,3,,\n`);
    const r = await runImport(path, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Dry run: would apply 1 of 1 rows');
    expect(await calendar()).toEqual(before);
  }, 60_000);

  it("rejects another tenant's room types under --tenant", async () => {
    const path = await file('other.csv', `room_type_id,night,allotment,price,stop_sell\n${room},2026-12-03,3,,\n`);
    const r = await runImport(path, '--tenant', tenantB);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line\s+2\s+no such room type/);
  }, 60_000);

  it('explains its usage and exits 2 without a file', async () => {
    const r = await runImport();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: npm run import');
  }, 60_000);
});
