// The bot's state storage keeps the Agents SDK's Storage contract (eTags as MemoryStorage has them) on our database.
import { randomUUID } from 'node:crypto';
import { MemoryStorage, type StoreItems } from '@microsoft/agents-hosting';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ETagConflictError, isETagConflict, PostgresStorage } from '../../src/bot/storage/index.ts';
import { createTestDb, engine, type TestDb } from '../support/db.ts';

let t: TestDb;
let storage: PostgresStorage;
beforeAll(async () => {
  t = await createTestDb({ poolSize: 12 });
  storage = new PostgresStorage(t.db);
});
afterAll(async () => {
  await t?.drop();
  // vitest exits 0 even when a connection leaks, so look.
  const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
  for (let i = 0; i < 100 && sockets() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(sockets()).toBe(0);
});

/** A key in the SDK's own shape, new for every test. */
const aKey = (kind = 'conversations') => `web/${kind}/${randomUUID()}`;

async function conflictOf(write: Promise<void>): Promise<unknown> {
  try {
    await write;
  } catch (err) {
    return err;
  }
  throw new Error('the write succeeded, but a conflict was expected');
}

describe(`bot state storage on ${engine}`, () => {
  it('reads nothing for keys never written, and refuses a read without keys', async () => {
    expect(await storage.read([aKey(), aKey()])).toEqual({});
    await expect(storage.read([])).rejects.toThrow(ReferenceError);
  });

  it('gives back what was written, with an eTag, whatever the key order jsonb keeps', async () => {
    const key = aKey();
    const state = { zeta: 1, alpha: { nested: [1, 'two', null, { b: true, a: false }] }, text: '明天到北京 🏨', big: 2 ** 52 };
    await storage.write({ [key]: state });
    const { [key]: read } = await storage.read([key]);
    expect(read).toEqual({ ...state, eTag: expect.any(String) });
    // The eTag is the storage's: it is not kept inside the value as well.
    const { rows } = await t.db.query<{ value: Record<string, unknown> }>('SELECT value FROM bot_state WHERE key = $1', [key]);
    expect(rows[0]?.value).not.toHaveProperty('eTag');
  });

  it('takes any text as a key, and reads several keys at once', async () => {
    const odd = [`wechat/conversations/o'X"1,{}\\`, 'app/users/用户 1', aKey('users')];
    await storage.write(Object.fromEntries(odd.map((key, i) => [key, { i }])));
    const read = await storage.read([...odd, aKey()]);
    expect(Object.keys(read).sort()).toEqual([...odd].sort());
    odd.forEach((key, i) => expect(read[key]).toMatchObject({ i }));
  });

  it('makes a new eTag on every write', async () => {
    const key = aKey();
    const eTags = new Set<string>();
    for (let i = 0; i < 3; i++) {
      await storage.write({ [key]: { i } });
      eTags.add((await storage.read([key]))[key].eTag);
    }
    expect(eTags.size).toBe(3);
  });

  it('writes an item carrying the eTag it read', async () => {
    const key = aKey();
    await storage.write({ [key]: { step: 'search' } });
    const { [key]: read } = await storage.read([key]);
    await storage.write({ [key]: { ...read, step: 'quote' } });
    expect((await storage.read([key]))[key]).toMatchObject({ step: 'quote' });
  });

  it('refuses a write with a stale eTag, with an error the caller can recognise, and keeps the newer state', async () => {
    const key = aKey();
    await storage.write({ [key]: { step: 'search' } });
    const { [key]: first } = await storage.read([key]);
    await storage.write({ [key]: { ...first, step: 'quote' } });
    const err = await conflictOf(storage.write({ [key]: { ...first, step: 'stale' } }));
    expect(isETagConflict(err)).toBe(true);
    expect(err).toBeInstanceOf(ETagConflictError);
    expect(err).toMatchObject({ code: 'conflict', key });
    expect((await storage.read([key]))[key]).toMatchObject({ step: 'quote' });
  });

  it("overwrites whatever is stored when the eTag is '*' or missing", async () => {
    const key = aKey();
    await storage.write({ [key]: { v: 1 } });
    await storage.write({ [key]: { v: 2, eTag: '*' } });
    expect((await storage.read([key]))[key]).toMatchObject({ v: 2 });
    await storage.write({ [key]: { v: 3 } });
    expect((await storage.read([key]))[key]).toMatchObject({ v: 3 });
  });

  it("treats an eTag other than '*' on a key that is not stored as a conflict (deleted since it was read)", async () => {
    const key = aKey();
    await expect(storage.write({ [key]: { v: 1, eTag: 'never-issued' } })).rejects.toSatisfy(isETagConflict);
    await storage.write({ [key]: { v: 1 } });
    const { [key]: read } = await storage.read([key]);
    await storage.delete([key]);
    await expect(storage.write({ [key]: { ...read, v: 2 } })).rejects.toSatisfy(isETagConflict);
    expect(await storage.read([key])).toEqual({});
  });

  it('deletes the keys given and ignores keys that are not stored', async () => {
    const [a, b, c] = [aKey(), aKey(), aKey()];
    await storage.write({ [a]: { n: 'a' }, [b]: { n: 'b' } });
    await storage.delete([a, c]);
    await storage.delete([]);
    expect(Object.keys(await storage.read([a, b, c]))).toEqual([b]);
  });

  it('lets exactly one of several concurrent writers holding the same eTag win', async () => {
    const key = aKey();
    await storage.write({ [key]: { writer: -1 } });
    const { [key]: read } = await storage.read([key]);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, writer) => storage.write({ [key]: { ...read, writer } })),
    );
    const won = results.flatMap((r, writer) => (r.status === 'fulfilled' ? [writer] : []));
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(isETagConflict(r.reason)).toBe(true);
    expect((await storage.read([key]))[key]).toMatchObject({ writer: won[0] });
  });

  it('writes several items all or none', async () => {
    const [fresh, stale] = [aKey(), aKey()];
    await storage.write({ [fresh]: { v: 1 }, [stale]: { v: 1 } });
    const before = await storage.read([fresh, stale]);
    await storage.write({ [stale]: { v: 2 } });
    await expect(
      storage.write({ [fresh]: { ...before[fresh], v: 'new' }, [stale]: { ...before[stale], v: 'new' } }),
    ).rejects.toSatisfy(isETagConflict);
    expect(await storage.read([fresh, stale])).toMatchObject({ [fresh]: { v: 1 }, [stale]: { v: 2 } });
  });

  it("recognises the SDK MemoryStorage's conflict too, and agrees with MemoryStorage on the same steps", async () => {
    const memory = new MemoryStorage();
    const outcomes = async (s: { read(k: string[]): Promise<StoreItems>; write(c: StoreItems): Promise<void> }) => {
      const key = aKey();
      const seen: unknown[] = [];
      const attempt = async (item: Record<string, unknown>) => {
        try {
          await s.write({ [key]: item });
          seen.push('ok');
        } catch (err) {
          seen.push(isETagConflict(err) ? 'conflict' : err);
        }
      };
      await attempt({ v: 1 });
      const { [key]: first } = await s.read([key]);
      await attempt({ ...first, v: 2 });
      await attempt({ ...first, v: 3 }); // stale
      await attempt({ v: 4, eTag: '*' });
      const { [key]: last } = await s.read([key]);
      const { eTag, ...value } = last;
      seen.push(typeof eTag, value);
      return seen;
    };
    const expected = ['ok', 'ok', 'conflict', 'ok', 'string', { v: 4 }];
    expect(await outcomes(memory)).toEqual(expected);
    expect(await outcomes(storage)).toEqual(expected);
  });
});
