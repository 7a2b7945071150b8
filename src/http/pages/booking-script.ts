// The booking page's inline script: a traveller token, then one idempotent POST /v1/reservations, and its outcome shown.

/**
 * Where the page keeps the web traveller's token, so a later visit (or the web chat, if it reads the same key)
 * reuses the same traveller instead of starting a new one.
 */
export const TRAVELLER_TOKEN_KEY = 'tourdesk.travellerToken';

/**
 * Plain ES2017, no build step. It reads its data from `#booking-data` (see booking-page.ts) and must not use
 * inline event handlers: the CSP allows only this one nonce-carrying script.
 */
export const BOOKING_SCRIPT = String.raw`(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('booking-data').textContent);
  var t = data.texts;
  var form = document.getElementById('booking-form');
  var nameInput = document.getElementById('guest-name');
  var phoneInput = document.getElementById('guest-phone');
  var button = document.getElementById('book-button');
  var status = document.getElementById('booking-status');
  var TOKEN_KEY = '${TRAVELLER_TOKEN_KEY}';
  // One key per page view: a double click, or a retry after a lost answer, replays instead of booking twice.
  var idempotencyKey = 'link-' + randomHex(16);
  // The body of an attempt whose outcome is unknown: a retry resends it unchanged, so the key still matches.
  var pending = null;
  var busy = false;
  var finished = false;
  var token = null;
  var tokenWasKept = false;

  function randomHex(n) {
    var bytes = new Uint8Array(n);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }
  function fill(text, vars) {
    return text.replace(/\{(\w+)\}/g, function (whole, k) { return k in vars ? String(vars[k]) : whole; });
  }
  function kept() { try { return localStorage.getItem(TOKEN_KEY); } catch (e) { return null; } }
  function keep(v) { try { if (v) localStorage.setItem(TOKEN_KEY, v); else localStorage.removeItem(TOKEN_KEY); } catch (e) { /* private mode */ } }
  function say(text) { status.textContent = text; status.hidden = !text; }
  function lockFields(locked) { nameInput.readOnly = locked; phoneInput.readOnly = locked; }
  function stop(text) {
    finished = true;
    lockFields(true);
    button.disabled = true;
    button.hidden = true;
    say(text);
  }

  async function travellerToken(fresh) {
    if (!fresh && token) return token;
    if (!fresh && kept()) { token = kept(); tokenWasKept = true; return token; }
    var r = await fetch(data.api + '/v1/web/sessions', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ locale: data.lang }),
    });
    if (!r.ok) throw new Error('session ' + r.status);
    token = (await r.json()).token;
    tokenWasKept = false;
    keep(token);
    return token;
  }

  async function post(body, bearer) {
    var r = await fetch(data.api + '/v1/reservations', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer ' + bearer, 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify(body),
    });
    var json = await r.json().catch(function () { return {}; });
    return { status: r.status, body: json };
  }

  async function book(body) {
    var r = await post(body, await travellerToken(false));
    // A kept token may have expired (401) or be scoped to another tenant's chat (404); neither booked anything.
    if (tokenWasKept && (r.status === 401 || r.status === 404)) {
      keep(null);
      r = await post(body, await travellerToken(true));
    }
    return r;
  }

  function deadline(iso) {
    try {
      return new Intl.DateTimeFormat(data.lang, {
        timeZone: data.timeZone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
      }).format(new Date(iso)) + ' (' + data.zone + ')';
    } catch (e) { return iso; }
  }

  function booked(res) {
    finished = true;
    form.hidden = true;
    say('');
    var held = res.status === 'held';
    document.getElementById('result-title').textContent = held ? t.heldTitle : t.confirmedTitle;
    document.getElementById('result-code').textContent = res.code;
    document.getElementById('result-note').textContent =
      held ? fill(t.heldNote, { deadline: deadline(res.holdExpiresAt) }) : t.confirmedNote;
    document.getElementById('booking-result').hidden = false;
  }

  function fieldOf(details) {
    var path = details && details[0] && details[0].path ? details[0].path.join('.') : '';
    if (path === 'guest.name') { nameInput.focus(); return t.guestName; }
    if (path === 'guest.phone') { phoneInput.focus(); return t.guestPhone; }
    return null;
  }

  function failed(body) {
    var code = body && body.error;
    if (code === 'invalid_request') {
      var field = fieldOf(body.details);
      return say(field ? fill(t.errInvalidField, { field: field }) : t.errInvalid);
    }
    if (code === 'rate_limited') return say(t.errRate);
    var final = { sold_out: t.errSoldOut, quote_expired: t.errQuoteExpired, invalid_dates: t.errDates,
      not_found: t.errNotFound, capacity_exceeded: t.errCapacity }[code];
    if (final) return stop(final);
    say(fill(t.errOther, { code: code || 'error' }));
  }

  async function submit() {
    if (busy || finished) return;
    if (!pending) {
      pending = Object.assign({}, data.booking, { guest: { name: nameInput.value.trim(), phone: phoneInput.value.trim() } });
    }
    busy = true;
    button.disabled = true;
    button.textContent = t.submitting;
    lockFields(true);
    var r = null;
    try { r = await book(pending); } catch (e) { r = null; }
    busy = false;
    button.disabled = false;
    if (r && (r.status === 200 || r.status === 201)) return booked(r.body);
    if (!r || r.status >= 500 || (r.body && r.body.error === 'conflict')) {
      // The outcome is unknown: keep the body and the key, so Retry books at most once.
      button.textContent = t.retry;
      return say(t.errNetwork);
    }
    // A definite refusal wrote nothing: the traveller may correct the form and send again.
    pending = null;
    lockFields(false);
    button.textContent = t.submit;
    failed(r.body);
  }

  form.addEventListener('submit', function (e) { e.preventDefault(); submit(); });
  if (data.expiresInMs > 0) {
    setTimeout(function () { if (!busy && !finished && !pending) stop(t.errQuoteExpired); }, data.expiresInMs);
  }
})();
`;
