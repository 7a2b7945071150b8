// The booking link page (`/b/<token>`): the quote's stay and price, and a form that books it; or why it cannot.
import type { Quote } from '../../booking/index.ts';
import { formatCny } from '../../money.ts';
import { BOOKING_SCRIPT } from './booking-script.ts';
import { fill, SCRIPT_TEXT_KEYS, TEXTS, type PageLang } from './booking-texts.ts';
import { escapeHtml as e, jsonForScript } from './escape.ts';
import { formatClock, formatInstant, formatStayDate, zoneLabel } from './format.ts';
import { renderLayout } from './layout.ts';

/** What the booking page shows. */
export interface BookingPageInput {
  quote: Quote;
  lang: PageLang;
  now: Date;
  /** The hotels' time zone: deadlines are shown in it. */
  timeZone: string;
  /** Path prefix of the API as the browser sees it ('' at the root; '/tourdesk' behind a prefixing proxy). */
  apiBase: string;
  nonce: string;
}

function row(label: string, value: string, cls = ''): string {
  return `<dt>${e(label)}</dt><dd${cls ? ` class="${cls}"` : ''}>${e(value)}</dd>`;
}

function stayCard(q: Quote, p: BookingPageInput): string {
  const t = TEXTS[p.lang];
  const varies = q.nightly.some((n) => n.amount !== q.nightly[0]?.amount);
  const cancelFree = Date.parse(q.freeCancellationUntil) > p.now.getTime();
  return `<section class="card">
<h1 id="hotel-name">${e(q.hotelName)}</h1>
<p class="sub">${e(t.title)}</p>
<dl>
${row(t.room, q.roomName)}
${row(t.checkIn, formatStayDate(q.checkIn, p.lang))}
${row(t.checkOut, formatStayDate(q.checkOut, p.lang))}
${row(t.nights, String(q.nights))}
${row(t.rooms, String(q.rooms))}
${row(t.guests, String(q.guests))}
${row(t.perNight, formatCny(q.pricePerNight) + (varies ? t.average : ''))}
${row(t.total, formatCny(q.total), 'total')}
${row(t.payment, q.paymentMode === 'prepay' ? t.prepay : t.payAtHotel)}
${row(t.cancellation, cancelFree ? fill(t.freeCancelUntil, { time: formatInstant(q.freeCancellationUntil, p.timeZone, p.lang) }) : t.noFreeCancel)}
</dl>
</section>`;
}

function expiredCard(lang: PageLang): string {
  const t = TEXTS[lang];
  return `<section class="card notice" id="quote-expired"><h2>${e(t.expiredTitle)}</h2><p>${e(t.expiredBody)}</p></section>`;
}

function formCard(q: Quote, p: BookingPageInput): string {
  const t = TEXTS[p.lang];
  const minutes = Math.max(1, Math.ceil((Date.parse(q.expiresAt) - p.now.getTime()) / 60_000));
  const validity = fill(t.validUntil, { time: `${formatClock(q.expiresAt, p.timeZone)} ${zoneLabel(p.timeZone, p.now)}`, minutes });
  return `<section class="card">
<form id="booking-form">
<h2>${e(t.formTitle)}</h2>
<label for="guest-name">${e(t.guestName)}</label>
<input id="guest-name" name="guestName" autocomplete="name" maxlength="100" required>
<label for="guest-phone">${e(t.guestPhone)}</label>
<input id="guest-phone" name="guestPhone" type="tel" inputmode="tel" autocomplete="tel" maxlength="24" required>
<p class="note" id="quote-validity">${e(validity)}</p>
<noscript><p class="status error">${e(t.noscript)}</p></noscript>
<button id="book-button" type="submit">${e(t.submit)}</button>
<p class="status error" id="booking-status" role="alert" hidden></p>
</form>
<div id="booking-result" role="status" hidden>
<h2 id="result-title"></h2>
<p class="sub">${e(t.codeLabel)}</p>
<p class="code" id="result-code"></p>
<p class="note" id="result-note"></p>
</div>
</section>`;
}

/** The data block the page's script reads: only what the POST needs, and this language's script texts. */
function scriptData(q: Quote, p: BookingPageInput) {
  const t = TEXTS[p.lang];
  return {
    api: p.apiBase,
    lang: p.lang,
    timeZone: p.timeZone,
    zone: zoneLabel(p.timeZone, p.now),
    expiresInMs: Date.parse(q.expiresAt) - p.now.getTime(),
    booking: {
      hotelId: q.hotelId, roomTypeId: q.roomTypeId, checkIn: q.checkIn, checkOut: q.checkOut,
      rooms: q.rooms, guests: q.guests, quoteToken: q.token,
    },
    texts: Object.fromEntries(SCRIPT_TEXT_KEYS.map((k) => [k, t[k]])),
  };
}

/**
 * The page for a quote: its details, then the booking form while the quote holds, else a note that it expired.
 * @example sendPage(res, 200, (nonce) => renderBookingPage({ quote, lang: 'en', now, timeZone, apiBase: '', nonce }));
 */
export function renderBookingPage(p: BookingPageInput): string {
  const q = p.quote;
  const expired = Date.parse(q.expiresAt) <= p.now.getTime();
  if (expired) {
    return renderLayout({ lang: p.lang, title: TEXTS[p.lang].expiredTitle, nonce: p.nonce, body: `${expiredCard(p.lang)}\n${stayCard(q, p)}` });
  }
  const tail = `<script type="application/json" id="booking-data">${jsonForScript(scriptData(q, p))}</script>
<script nonce="${p.nonce}">${BOOKING_SCRIPT}</script>`;
  return renderLayout({ lang: p.lang, title: `${TEXTS[p.lang].title} · ${q.hotelName}`, nonce: p.nonce, body: `${stayCard(q, p)}\n${formCard(q, p)}`, tail });
}

/**
 * The page for a link that leads nowhere (unknown or malformed token).
 * @example sendPage(res, 404, (nonce) => renderInvalidLinkPage('zh-CN', nonce));
 */
export function renderInvalidLinkPage(lang: PageLang, nonce: string): string {
  const t = TEXTS[lang];
  return renderLayout({
    lang, title: t.invalidTitle, nonce,
    body: `<section class="card notice" id="link-invalid"><h1>${e(t.invalidTitle)}</h1><p>${e(t.invalidBody)}</p></section>`,
  });
}
