// Sends the console's page: the pages' usual headers, with a policy that also admits hotel photos from anywhere.
import type { Response } from 'express';
import { pagePolicy, sendPage } from '../../src/http/pages/send-page.ts';

/**
 * The console's Content-Security-Policy: {@link pagePolicy}, except that images may come from any http(s) origin
 * (hotel photos are URLs the operator types), and the stylesheet of the charts may be loaded from this origin.
 * @example consolePolicy('abc') // "default-src 'self'; script-src 'nonce-abc'; … img-src 'self' data: https: http:; …"
 */
export function consolePolicy(nonce: string): string {
  return pagePolicy(nonce)
    .split('; ')
    .map((d) => (d.startsWith('img-src ') ? `${d} https: http:` : d))
    .join('; ');
}

/**
 * Renders the page with a fresh nonce and sends it with the console's policy.
 * @example sendConsolePage(res, (nonce) => renderOperatorPage({ lang, nonce, apiBase }));
 */
export function sendConsolePage(res: Response, render: (nonce: string) => string): void {
  sendPage(res, 200, (nonce) => {
    res.set('Content-Security-Policy', consolePolicy(nonce));
    return render(nonce);
  });
}
