// Keyset cursors of the conversation list: the start time (exact, as PostgreSQL prints it) and id of the last item.
import { AppError } from '../errors.ts';

/** Where a page ended: the last item's start (PostgreSQL's text form, microseconds kept) and its id. */
export interface Cursor {
  startedAt: string;
  id: string;
}

/**
 * An opaque cursor for `c`.
 * @example encodeCursor({ startedAt: '2026-12-01 02:00:00.123456+00', id }) // 'MjAyNi0…'
 */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.startedAt}|${c.id}`, 'utf8').toString('base64url');
}

/**
 * Reverses {@link encodeCursor}; anything else is a 400 `invalid_request`.
 * @example decodeCursor(page.next!) // { startedAt: '2026-12-01 02:00:00.123456+00', id }
 */
export function decodeCursor(s: string): Cursor {
  const text = Buffer.from(s, 'base64url').toString('utf8');
  const m = /^(\d{4}-\d{2}-\d{2}[ T][\d:.]+(?:Z|[+-]\d{2}(?::?\d{2})?))\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(text);
  if (!m || Number.isNaN(Date.parse(m[1]!.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')))) {
    throw new AppError('invalid_request', 'Invalid query.cursor: not a cursor of this list.');
  }
  return { startedAt: m[1]!, id: m[2]! };
}
