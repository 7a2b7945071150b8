// The agent console: the page at `/agent` and its live socket `/v1/agent/ws`, over the /v1/agent API.
import { Router } from 'express';
import { apiBasePath, pageLang } from '../../src/http/pages/request.ts';
import { sendPage } from '../../src/http/pages/send-page.ts';
import type { Services } from '../../src/services.ts';
import { renderConsolePage } from './page.ts';

export { attachAgentConsole, AGENT_WS_PATH, type AgentConsoleEndpoint } from './socket.ts';

/**
 * `GET /agent`, mounted at the root; the socket is {@link attachAgentConsole}'s.
 * @example createHttpApp(services, [['/', agentConsoleRouter(services)]]);
 */
export function agentConsoleRouter(s: Services): Router {
  const r = Router();
  const apiBase = apiBasePath(s.config.publicUrl);
  r.get('/agent', (req, res) => {
    sendPage(res, 200, (nonce) => renderConsolePage({ lang: pageLang(req), nonce, apiBase }));
  });
  return r;
}
