// The web chat's HTTP side: messages by HTTP, the history, the chat page at `/` and the embeddable `/embed.js`.
import { Router } from 'express';
import { z } from 'zod';
import { apiBasePath, pageLang } from '../../src/http/pages/request.ts';
import { parse } from '../../src/http/validate.ts';
import { travellerRateLimit } from '../../src/observability/index.ts';
import type { Services } from '../../src/services.ts';
import { requireWebTraveller, webPrincipal } from './auth.ts';
import { conversationHistory } from './history.ts';
import { renderChatPage } from './page/chat-page.ts';
import { EMBED_SCRIPT } from './page/embed-script.ts';
import { sendChatPage } from './page/send-chat-page.ts';
import { messageBody } from './protocol.ts';
import { webTurn } from './turn.ts';

/** Options of {@link webChannelRouter}. */
export interface WebRouterOptions {
  /**
   * Who may frame `/?embed=1` (a CSP `frame-ancestors` source list). Default `*`: any operator's site. Name the
   * operators' origins here to refuse everyone else.
   */
  embedAncestors?: string;
}

export const historyQuery = z.object({ limit: z.coerce.number().int().min(0).max(200).default(50) });

/**
 * Routes of the web channel, mounted at the root; the socket is {@link attachWebChat}'s.
 * @example createHttpApp(services, [['/', webChannelRouter(services)]]);
 */
export function webChannelRouter(s: Services, opts: WebRouterOptions = {}): Router {
  const r = Router();
  const auth = requireWebTraveller(s);

  const perTraveller = travellerRateLimit(s.limits, s.metrics, (_req, res) => webPrincipal(res).travellerId);
  r.post('/v1/web/messages', auth, perTraveller, async (req, res) => {
    const body = parse(messageBody, req.body);
    const traveller = webPrincipal(res);
    const replies = await webTurn(s, traveller, { id: body.messageId, text: body.text, payload: body.payload, locale: body.locale });
    res.json({ conversationId: traveller.conversationId, replies });
  });

  r.get('/v1/web/history', auth, async (req, res) => {
    const { limit } = parse(historyQuery, req.query, 'query');
    res.set('Cache-Control', 'no-store').json(await conversationHistory(s, webPrincipal(res).conversationId, limit));
  });

  r.get('/', (req, res) => {
    const embed = req.query.embed === '1';
    const view = { lang: pageLang(req), embed, apiBase: apiBasePath(s.config.publicUrl) };
    sendChatPage(res, (nonce) => renderChatPage({ ...view, nonce }), embed ? (opts.embedAncestors ?? '*') : undefined);
  });

  r.get('/embed.js', (_req, res) => {
    res
      .set({
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'public, max-age=300',
        'X-Content-Type-Options': 'nosniff',
        // Operators' pages load it from our origin, also under Cross-Origin-Embedder-Policy.
        'Cross-Origin-Resource-Policy': 'cross-origin',
      })
      .send(EMBED_SCRIPT);
  });

  return r;
}
