// Sends a server-rendered page with the headers every page needs: a nonce-based CSP, nosniff, no caching.
import { randomBytes } from 'node:crypto';
import type { Response } from 'express';

/**
 * The Content-Security-Policy of a page: its own origin, plus only the inline script and style carrying `nonce`.
 * @example res.set('Content-Security-Policy', pagePolicy(nonce));
 */
export function pagePolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/**
 * Renders a page with a fresh nonce and sends it with `status`. The page's URL carries a secret token,
 * so it is never cached and never sent on as a referrer.
 * @example sendPage(res, 200, (nonce) => renderBookingPage({ ...view, nonce }));
 */
export function sendPage(res: Response, status: number, render: (nonce: string) => string): void {
  const nonce = randomBytes(16).toString('base64');
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': pagePolicy(nonce),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      Vary: 'Accept-Language',
    })
    .send(render(nonce));
}
