// The agent console: the page at `/agent` and its live socket `/v1/agent/ws`, over the /v1/agent API.
import { Router, type Request } from 'express';
import { pickLang } from '../../src/http/pages/booking-texts.ts';
import { sendPage } from '../../src/http/pages/send-page.ts';
import type { Services } from '../../src/services.ts';
import { renderConsolePage } from './page.ts';

export { attachAgentConsole, AGENT_WS_PATH, type AgentConsoleEndpoint } from './socket.ts';

/** The path prefix under which the browser reaches the API: PUBLIC_URL's path, '' at the root. */
function apiBase(s: Services): string {
  return s.config.publicUrl ? new URL(s.config.publicUrl).pathname.replace(/\/+$/, '') : '';
}

const langOf = (req: Request) => pickLang(req.query.lang, (...langs) => req.acceptsLanguages(...langs));

/**
 * `GET /agent`, mounted at the root; the socket is {@link attachAgentConsole}'s.
 * @example createHttpApp(services, [['/', agentConsoleRouter(services)]]);
 */
export function agentConsoleRouter(s: Services): Router {
  const r = Router();
  r.get('/agent', (req, res) => {
    sendPage(res, 200, (nonce) => renderConsolePage({ lang: langOf(req), nonce, apiBase: apiBase(s) }));
  });
  return r;
}
