// The operator console: the page at `/operator` (hotels, inventory calendar, reservations, knowledge, conversation
// review, dashboard) over the /v1/operator API, and the chart library it draws with.
import { Router, type Request } from 'express';
import { pickLang } from '../../src/http/pages/booking-texts.ts';
import type { Services } from '../../src/services.ts';
import { serveChartAssets } from './assets.ts';
import { renderOperatorPage } from './page.ts';
import { sendConsolePage } from './send.ts';

export { consolePolicy } from './send.ts';
export { UPLOT_CSS_PATH, UPLOT_JS_PATH } from './assets.ts';
export { OPERATOR_TEXTS } from './texts.ts';

/** The path prefix under which the browser reaches the API: PUBLIC_URL's path, '' at the root. */
function apiBase(s: Services): string {
  return s.config.publicUrl ? new URL(s.config.publicUrl).pathname.replace(/\/+$/, '') : '';
}

const langOf = (req: Request) => pickLang(req.query.lang, (...langs) => req.acceptsLanguages(...langs));

/**
 * `GET /operator` and its chart assets, mounted at the root.
 * @example createHttpApp(services, [['/', operatorConsoleRouter(services)]]);
 */
export function operatorConsoleRouter(s: Services): Router {
  const r = Router();
  r.get('/operator', (req, res) => {
    sendConsolePage(res, (nonce) => renderOperatorPage({ lang: langOf(req), nonce, apiBase: apiBase(s) }));
  });
  serveChartAssets(r);
  return r;
}
