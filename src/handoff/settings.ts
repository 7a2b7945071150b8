// A tenant's rules of the agents' desk (handoff_settings), with the application's defaults.
import type { Queryable } from '../../db/index.ts';

/** The rules of the desk. */
export interface HandoffRules {
  /** A booking of more rooms than this goes to a person. */
  groupRoomsOver: number;
  /** Active chats one agent may hold at once. */
  maxActivePerAgent: number;
  /** How long a queued traveller waits before being told that agents are busy. */
  waitNoticeAfterMs: number;
}

/** The defaults, for a tenant without its own rule (and for the platform's agents). */
export const DEFAULT_RULES: HandoffRules = { groupRoomsOver: 5, maxActivePerAgent: 3, waitNoticeAfterMs: 5 * 60_000 };

/**
 * The rules of `tenantId` (the defaults for null or a tenant without a row).
 * @example const { maxActivePerAgent } = await rulesOf(db, staff.tenantId);
 */
export async function rulesOf(q: Queryable, tenantId: string | null, defaults: HandoffRules = DEFAULT_RULES): Promise<HandoffRules> {
  if (!tenantId) return defaults;
  const { rows } = await q.query<{ group_rooms_over: number | null; max_active_per_agent: number | null; wait_notice_after_s: number | null }>(
    'SELECT group_rooms_over, max_active_per_agent, wait_notice_after_s FROM handoff_settings WHERE tenant_id = $1', [tenantId]);
  const r = rows[0];
  return {
    groupRoomsOver: r?.group_rooms_over ?? defaults.groupRoomsOver,
    maxActivePerAgent: r?.max_active_per_agent ?? defaults.maxActivePerAgent,
    waitNoticeAfterMs: r?.wait_notice_after_s == null ? defaults.waitNoticeAfterMs : r.wait_notice_after_s * 1000,
  };
}

/**
 * The group-booking rule of a hotel's tenant: bookings of more than `maxRooms` rooms go to a person. Null for an
 * unknown hotel (the booking itself then fails as it would anyway).
 * @example const rule = await groupBookingRule(db, hotelId); if (rule && rooms > rule.maxRooms) handOff();
 */
export async function groupBookingRule(q: Queryable, hotelId: string): Promise<{ maxRooms: number; hotelName: string } | null> {
  const { rows } = await q.query<{ name: string; group_rooms_over: number | null }>(
    `SELECT h.name, s.group_rooms_over FROM hotels h LEFT JOIN handoff_settings s ON s.tenant_id = h.tenant_id WHERE h.id = $1`,
    [hotelId]);
  const r = rows[0];
  return r ? { maxRooms: r.group_rooms_over ?? DEFAULT_RULES.groupRoomsOver, hotelName: r.name } : null;
}
