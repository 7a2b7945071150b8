// The operator console: the page at `/operator` (hotels, inventory calendar, reservations, knowledge, conversation
// review, dashboard) over the /v1/operator API, and the chart library it draws with.
import { Router } from 'express';
import { apiBasePath, pageLang } from '../../src/http/pages/request.ts';
import type { Services } from '../../src/services.ts';
import { serveChartAssets } from './assets.ts';
import { renderOperatorPage } from './page.ts';
import { sendConsolePage } from './send.ts';

export { consolePolicy } from './send.ts';
export { UPLOT_CSS_PATH, UPLOT_JS_PATH } from './assets.ts';
export { OPERATOR_TEXTS } from './texts.ts';

/**
 * `GET /operator` and its chart assets, mounted at the root.
 * @example createHttpApp(services, [['/', operatorConsoleRouter(services)]]);
 */
export function operatorConsoleRouter(s: Services): Router {
  const r = Router();
  const apiBase = apiBasePath(s.config.publicUrl);
  r.get('/operator', (req, res) => {
    sendConsolePage(res, (nonce) => renderOperatorPage({ lang: pageLang(req), nonce, apiBase }));
  });
  serveChartAssets(r);
  return r;
}
