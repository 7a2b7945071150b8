// The chart library the dashboard draws with (uPlot), served from the app itself with long cache headers.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Router } from 'express';

/** Where the router serves uPlot's script and stylesheet. */
export const UPLOT_JS_PATH = '/operator/assets/uplot.js';
export const UPLOT_CSS_PATH = '/operator/assets/uplot.css';

const require = createRequire(import.meta.url);
const DIST = dirname(require.resolve('uplot'));
/** The installed uPlot's version: the page asks for `?v=VERSION`, so a new version is a new URL and the old may be cached for good. */
export const UPLOT_VERSION = (require('uplot/package.json') as { version: string }).version;
const FILES = {
  [UPLOT_JS_PATH]: { file: 'uPlot.iife.min.js', type: 'text/javascript; charset=utf-8' },
  [UPLOT_CSS_PATH]: { file: 'uPlot.min.css', type: 'text/css; charset=utf-8' },
} as const;

/**
 * Adds `GET /operator/assets/uplot.{js,css}` to `r`: read once, then answered from memory, cached for a year
 * (the page's URLs carry the version).
 * @example serveChartAssets(router);
 */
export function serveChartAssets(r: Router): void {
  const cache = new Map<string, Promise<Buffer>>();
  for (const [path, { file, type }] of Object.entries(FILES)) {
    r.get(path, async (_req, res) => {
      let body = cache.get(path);
      if (!body) {
        body = readFile(join(DIST, file));
        cache.set(path, body);
        body.catch(() => cache.delete(path));
      }
      res.set({ 'Content-Type': type, 'Cache-Control': 'public, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff' }).send(await body);
    });
  }
}
