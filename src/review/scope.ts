// Which conversations a tenant sees in review: its own, those handed to its agents, and those that led to a quote
// or a reservation at one of its hotels.

/**
 * The start of a conversation as review reads it: when it was opened, or its first message if that is earlier.
 * @example `SELECT ${conversationStartSql('c')} FROM conversations c`
 */
export function conversationStartSql(alias: string): string {
  return `LEAST(${alias}.created_at, COALESCE((SELECT min(m.created_at) FROM messages m WHERE m.conversation_id = ${alias}.id), ${alias}.created_at))`;
}

/**
 * The end of a conversation as review reads it: its last message (its start when it has none).
 * @example `SELECT ${conversationEndSql('c')} FROM conversations c`
 */
export function conversationEndSql(alias: string): string {
  return `COALESCE((SELECT max(m.created_at) FROM messages m WHERE m.conversation_id = ${alias}.id), ${alias}.created_at)`;
}

/**
 * A SQL condition on `column` (a timestamp): inside the conversation `alias`, from its start to one hour after its
 * last message (a booking link is often used a little after the chat). The outcome and the visibility rule share it.
 * @example `SELECT code FROM reservations r WHERE r.traveller_id = c.traveller_id AND ${duringConversationSql('c', 'r.created_at')}`
 */
export function duringConversationSql(alias: string, column: string): string {
  return `${column} BETWEEN ${conversationStartSql(alias)} AND ${conversationEndSql(alias)} + interval '1 hour'`;
}

/**
 * A SQL boolean expression: true when the conversation `alias` (a row of `conversations`) belongs to the tenant
 * whose id is the SQL parameter `tenantParam` (e.g. `'$1'`). A NULL parameter means every tenant (a platform admin).
 *
 * A conversation belongs to tenant T when any of these holds:
 * - `conversations.tenant_id = T` (it started on T's web page or mini-program);
 * - it has a handoff with `tenant_id = T` (T's agents took it);
 * - its traveller has a quote or a reservation at a hotel of T created between the conversation's start and its
 *   last message plus one hour (a tenant-less chat that searched or booked T's hotels).
 *
 * The expression only reads `alias` and the parameter, so it fits any query over `conversations`; its signature
 * stays stable (the review API and the dashboard both use it).
 * @example
 * const sql = `SELECT c.id FROM conversations c WHERE ${conversationVisibleSql('c', '$1')}`;
 * await db.query(sql, [tenantScope(staff)]); // null for an admin: every conversation
 */
export function conversationVisibleSql(alias: string, tenantParam: string): string {
  const t = `${tenantParam}::uuid`;
  const c = alias;
  return `(${t} IS NULL
    OR ${c}.tenant_id = ${t}
    OR EXISTS (SELECT 1 FROM handoffs vh WHERE vh.conversation_id = ${c}.id AND vh.tenant_id = ${t})
    OR EXISTS (SELECT 1 FROM quotes vq JOIN hotels vqh ON vqh.id = vq.hotel_id
               WHERE vq.traveller_id = ${c}.traveller_id AND vqh.tenant_id = ${t} AND ${duringConversationSql(c, 'vq.created_at')})
    OR EXISTS (SELECT 1 FROM reservations vr JOIN hotels vrh ON vrh.id = vr.hotel_id
               WHERE vr.traveller_id = ${c}.traveller_id AND vrh.tenant_id = ${t} AND ${duringConversationSql(c, 'vr.created_at')}))`;
}
