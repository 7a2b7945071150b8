// `GET /openapi.json` and `GET /docs`: the API's OpenAPI 3.1 document and its page.
import { Router } from 'express';
import { openApiDocument } from '../openapi/index.ts';
import { renderDocsPage } from '../openapi/docs-page.ts';
import { sendPage } from '../pages/send-page.ts';

/**
 * The document, generated from the zod schemas the routes validate with, and a page that renders it.
 * @example app.use(docsRouter());
 */
export function docsRouter(): Router {
  const r = Router();
  r.get('/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(openApiDocument());
  });
  r.get('/docs', (_req, res) => {
    sendPage(res, 200, (nonce) => renderDocsPage(openApiDocument(), nonce));
  });
  return r;
}
