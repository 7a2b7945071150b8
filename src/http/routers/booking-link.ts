// The booking link: `GET /v1/quotes/:token` (the quote as JSON) and `GET /b/:token` (the page that books it).
import { Router } from 'express';
import type { Quote } from '../../booking/index.ts';
import { AppError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { renderBookingPage, renderInvalidLinkPage } from '../pages/booking-page.ts';
import { apiBasePath, pageLang } from '../pages/request.ts';
import { sendPage } from '../pages/send-page.ts';

/** The shape of a quote token (base64url); anything else cannot be one and is not looked up. */
const TOKEN_RE = /^[A-Za-z0-9_-]{8,64}$/;

/** The quote of `token`, or null when there is none (a malformed token included). */
async function findQuote(s: Services, token: string): Promise<Quote | null> {
  if (!TOKEN_RE.test(token)) return null;
  try {
    return await s.booking.quoteByToken(token);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return null;
    throw err;
  }
}

/**
 * Public routes of the booking link; the quote token is the only credential, and it is unguessable.
 * @example app.use(bookingLinkRouter(services));
 */
export function bookingLinkRouter(s: Services): Router {
  const r = Router();

  r.get('/v1/quotes/:token', async (req, res) => {
    const quote = await findQuote(s, req.params.token);
    if (!quote) throw new AppError('not_found', 'No such quote.');
    res.set('Cache-Control', 'no-store').json({ ...quote, expired: Date.parse(quote.expiresAt) <= s.clock.now().getTime() });
  });

  r.get('/b/:token', async (req, res) => {
    const lang = pageLang(req);
    const quote = await findQuote(s, req.params.token);
    if (!quote) return sendPage(res, 404, (nonce) => renderInvalidLinkPage(lang, nonce));
    const view = { quote, lang, now: s.clock.now(), timeZone: s.config.hotelTimeZone, apiBase: apiBasePath(s.config.publicUrl) };
    sendPage(res, 200, (nonce) => renderBookingPage({ ...view, nonce }));
  });

  return r;
}
