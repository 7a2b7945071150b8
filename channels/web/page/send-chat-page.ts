// Sends the chat page: the booking page's headers, except that the embeddable variant may be framed by other sites.
import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import { pagePolicy, sendPage } from '../../../src/http/pages/send-page.ts';

/**
 * Sends a page rendered with a fresh nonce. With `frameAncestors` (the `/?embed=1` page) the CSP lets those origins
 * frame it; otherwise it is {@link sendPage} itself, framed only by its own origin.
 * @example sendChatPage(res, (nonce) => renderChatPage({ ...view, nonce }), embed ? '*' : undefined);
 */
export function sendChatPage(res: Response, render: (nonce: string) => string, frameAncestors?: string): void {
  if (!frameAncestors) return sendPage(res, 200, render);
  const nonce = randomBytes(16).toString('base64');
  const policy = pagePolicy(nonce)
    .split('; ')
    .map((d) => (d.startsWith('frame-ancestors ') ? `frame-ancestors ${frameAncestors}` : d))
    .join('; ');
  res
    .status(200)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': policy,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      Vary: 'Accept-Language',
    })
    .send(render(nonce));
}
