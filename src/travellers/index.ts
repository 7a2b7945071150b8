// Travellers and their conversations: every channel's sender becomes one traveller with a signed session token.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/index.ts';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import { issueToken, type Keys } from '../security/index.ts';

export type Locale = 'zh-CN' | 'en';

/** A traveller's session: the token its client sends and the conversation it opened. */
export interface TravellerSession {
  token: string;
  travellerId: string;
  conversationId: string;
}

/** Options of {@link TravellerService.startSession}. */
export interface StartSessionInput {
  channel: 'web' | 'app' | 'wechat';
  /** The channel's own id of the person (openid, the app's userId); a new anonymous one when absent. */
  subject?: string;
  /** Scope the traveller to one tenant's hotels; the whole platform when absent. */
  tenantId?: string | null;
  locale?: Locale;
  /** Continue this conversation when it is the traveller's own. */
  conversationId?: string;
}

/** Creates travellers and conversations, and issues their tokens. */
export class TravellerService {
  constructor(private readonly deps: { db: Db; keys: Keys; clock: Clock }) {}

  /**
   * A traveller (created on first sight) and a conversation (new, or the given one when it is theirs).
   * @example const { token, conversationId } = await travellers.startSession({ channel: 'web' });
   */
  async startSession(input: StartSessionInput): Promise<TravellerSession> {
    const { db, keys, clock } = this.deps;
    const travellerId = `${input.channel}:${input.subject ?? randomUUID()}`;
    const tenantId = input.tenantId ?? null;
    const conversationId = await db.transaction(async (tx) => {
      if (tenantId) {
        const t = await tx.query('SELECT 1 FROM tenants WHERE id = $1', [tenantId]);
        if (t.rowCount === 0) throw new AppError('not_found', 'No such tenant.');
      }
      await tx.query(
        `INSERT INTO travellers (id, channel, tenant_id, locale) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET locale = COALESCE(EXCLUDED.locale, travellers.locale)`,
        [travellerId, input.channel, tenantId, input.locale ?? null],
      );
      if (input.conversationId) {
        const own = await tx.query<{ id: string }>(
          'SELECT id FROM conversations WHERE id = $1 AND traveller_id = $2',
          [input.conversationId, travellerId],
        );
        if (own.rows[0]) return own.rows[0].id;
        throw new AppError('not_found', 'No such conversation.');
      }
      const c = await tx.query<{ id: string }>(
        'INSERT INTO conversations (traveller_id, channel, tenant_id, locale) VALUES ($1, $2, $3, $4) RETURNING id',
        [travellerId, input.channel, tenantId, input.locale ?? null],
      );
      return c.rows[0]!.id;
    });
    const token = await issueToken(
      keys,
      { kind: 'traveller', travellerId, channel: input.channel, conversationId, tenantId },
      clock.now(),
    );
    return { token, travellerId, conversationId };
  }
}
