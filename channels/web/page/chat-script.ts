// The chat page's inline script: session token, history, the socket (resume by seq, reconnect with backoff), rendering.
import { TRAVELLER_TOKEN_KEY } from '../../../src/http/pages/booking-script.ts';

/**
 * Plain ES2017, no build step, no framework. It reads its data from `#chat-data` (see chat-page.ts), builds every
 * node with textContent (never innerHTML: replies are untrusted text) and uses no inline handlers, since the CSP
 * admits only this one nonce-carrying script. The token is kept under the booking page's key, so the booking link
 * books as the same traveller.
 */
export const CHAT_SCRIPT = String.raw`(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('chat-data').textContent);
  var t = data.texts;
  var TOKEN_KEY = '${TRAVELLER_TOKEN_KEY}';
  var TIERS = ['budget', 'comfort', 'luxury'];
  var log = document.getElementById('log');
  var form = document.getElementById('composer');
  var input = document.getElementById('text');
  var sendButton = document.getElementById('send');
  var conn = document.getElementById('conn');
  var banner = document.getElementById('handoff');
  var closeButton = document.getElementById('close');

  var token = null;
  var ws = null;
  var ready = false;
  var lastSeq = 0;
  var seen = {};
  var pending = [];
  var attempts = 0;
  var retryTimer = null;
  var lastHeard = 0;
  var typing = null;

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = text;
    return n;
  }
  function fill(text, vars) {
    return text.replace(/\{(\w+)\}/g, function (whole, k) { return k in vars ? String(vars[k]) : whole; });
  }
  function randomId() {
    var bytes = new Uint8Array(8);
    crypto.getRandomValues(bytes);
    return 'm-' + Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }
  function kept() { try { return localStorage.getItem(TOKEN_KEY); } catch (e) { return null; } }
  function keep(v) { try { if (v) localStorage.setItem(TOKEN_KEY, v); else localStorage.removeItem(TOKEN_KEY); } catch (e) { /* private mode */ } }
  function money(m) {
    var whole = Math.trunc(m.amount / 100).toLocaleString('en-US');
    var cents = Math.abs(m.amount % 100);
    return '¥' + whole + (cents ? '.' + String(cents).padStart(2, '0') : '');
  }
  function scrollDown() { log.scrollTop = log.scrollHeight; }

  // ---- Session and history ----

  async function newSession() {
    var r = await fetch(data.api + '/v1/web/sessions', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ locale: data.lang }),
    });
    if (!r.ok) throw new Error('session ' + r.status);
    token = (await r.json()).token;
    keep(token);
  }

  // The history also proves the token: an expired or foreign one (401/403) is replaced by a new session.
  async function history(limit) {
    if (!token) token = kept();
    if (!token) await newSession();
    var get = function () {
      return fetch(data.api + '/v1/web/history?limit=' + limit, { headers: { Authorization: 'Bearer ' + token } });
    };
    var r = await get();
    if (r.status === 401 || r.status === 403) {
      keep(null);
      await newSession();
      r = await get();
    }
    if (!r.ok) throw new Error('history ' + r.status);
    return r.json();
  }

  // ---- Rendering ----

  function row(kind, text, label) {
    var m = el('div', 'msg ' + kind);
    if (label) m.appendChild(el('div', 'label', label));
    var b = el('div', 'bubble', text);
    m.appendChild(b);
    log.insertBefore(m, typing && typing.parentNode === log ? typing : null);
    return m;
  }

  function card(c) {
    var n = el('div', 'card');
    var info = el('div', 'info');
    info.appendChild(el('p', 'name', data.lang === 'en' && c.nameEn ? c.nameEn : c.name));
    var room = c.roomName + (c.stars ? ' · ' + fill(t.stars, { n: c.stars }) : '');
    info.appendChild(el('p', 'room', room));
    var price = el('p', 'price');
    price.appendChild(el('span', 'night', money(c.pricePerNight)));
    price.appendChild(el('span', 'per', t.perNight));
    price.appendChild(el('span', 'total', fill(t.total, { amount: money(c.total) })));
    info.appendChild(price);
    n.appendChild(info);
    var a = el('a', 'book', t.book);
    a.href = c.bookingUrl;
    // Inside an operator's page the booking page cannot be framed: it opens on its own.
    if (data.embed) { a.target = '_blank'; a.rel = 'noopener'; }
    n.appendChild(a);
    return n;
  }

  function cards(list) {
    var box = el('div', 'cards');
    TIERS.forEach(function (tier) {
      var of = list.filter(function (c) { return c.tier === tier; });
      if (!of.length) return;
      var group = el('section', 'tier ' + tier);
      group.setAttribute('data-tier', tier);
      group.appendChild(el('h3', '', t[tier]));
      of.forEach(function (c) { group.appendChild(card(c)); });
      box.appendChild(group);
    });
    return box;
  }

  function disableActions() {
    Array.prototype.forEach.call(log.querySelectorAll('.actions button'), function (b) { b.disabled = true; });
  }

  function actions(list, m) {
    var box = el('div', 'actions');
    list.forEach(function (a) {
      var b = el('button', '', a.title);
      b.type = 'button';
      b.addEventListener('click', function () { send('', a.value, a.title); });
      box.appendChild(b);
    });
    m.appendChild(box);
  }

  function setHandoff(on) {
    banner.hidden = !on;
    input.placeholder = on ? t.placeholderAgent : t.placeholder;
  }

  // A message of the conversation: a reply (live, replayed or from the history) or the traveller's own.
  function show(m, live) {
    if (m.direction === 'in') { row('me', m.text); return; }
    var kind = m.author === 'agent' ? 'agent' : m.author === 'system' ? 'system' : 'bot';
    var node = row(kind, m.text, kind === 'bot' ? null : t[kind]);
    if (m.cards && m.cards.length) node.appendChild(cards(m.cards));
    if (live && m.actions && m.actions.length) actions(m.actions, node);
    if (m.handoff || m.author === 'agent') setHandoff(true);
  }

  function receive(m) {
    if (typeof m.seq === 'number') {
      if (seen[m.seq]) return;
      seen[m.seq] = true;
      if (m.seq > lastSeq) lastSeq = m.seq;
    }
    disableActions();
    show(m, true);
    scrollDown();
  }

  function showTyping() {
    var busy = pending.some(function (p) { return !p.failed; });
    if (busy && !typing) { typing = el('div', 'msg typing'); typing.appendChild(el('div', 'bubble', t.typing)); log.appendChild(typing); }
    if (!busy && typing) { typing.remove(); typing = null; }
    scrollDown();
  }

  // ---- Sending: a message stays pending (and is resent with its id after a reconnect) until it is acknowledged ----

  function frame(p) {
    var f = { type: 'message', id: p.id, text: p.text, locale: data.lang };
    if (p.payload !== undefined) f.payload = p.payload;
    return JSON.stringify(f);
  }

  function send(text, payload, label) {
    var p = { id: randomId(), text: text, payload: payload, node: row('me pending', label || text), failed: false };
    p.node.addEventListener('click', function () {
      if (!p.failed) return;
      p.failed = false;
      p.node.className = 'msg me pending';
      if (ready) ws.send(frame(p));
      showTyping();
    });
    pending.push(p);
    disableActions();
    if (ready) ws.send(frame(p));
    showTyping();
  }

  function settle(id, failed) {
    for (var i = 0; i < pending.length; i++) {
      var p = pending[i];
      if (p.id !== id) continue;
      if (failed) {
        p.failed = true;
        p.node.className = 'msg me failed';
        p.node.lastChild.setAttribute('data-failed', t.failed);
      } else {
        p.node.className = 'msg me';
        pending.splice(i, 1);
      }
      break;
    }
    showTyping();
  }

  // ---- The socket ----

  function status(state) {
    conn.textContent = t[state];
    conn.className = 'conn ' + state;
  }

  function socketUrl() {
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    return scheme + location.host + data.api + '/v1/web/ws?token=' + encodeURIComponent(token) + '&lastSeq=' + lastSeq;
  }

  function connect() {
    clearTimeout(retryTimer);
    retryTimer = null;
    status(attempts ? 'reconnecting' : 'connecting');
    var sock = new WebSocket(socketUrl());
    var opened = false;
    ws = sock;
    sock.addEventListener('open', function () { opened = true; lastHeard = Date.now(); });
    sock.addEventListener('message', function (e) {
      if (ws !== sock) return;
      lastHeard = Date.now();
      var m;
      try { m = JSON.parse(e.data); } catch (err) { return; }
      if (m.type === 'message') receive(m);
      else if (m.type === 'ack') { if (m.id) settle(m.id, false); }
      else if (m.type === 'error') { if (m.replyTo) settle(m.replyTo, true); }
      else if (m.type === 'ready') {
        ready = true;
        attempts = 0;
        status('online');
        pending.forEach(function (p) { if (!p.failed) sock.send(frame(p)); });
      }
    });
    sock.addEventListener('close', function () {
      if (ws !== sock) return;
      ws = null;
      ready = false;
      retry(opened);
    });
  }

  // Backoff with jitter: 0.5 s, 1 s, 2 s … up to 15 s. A socket that never opened may have been refused for its
  // token, which the history call checks (and replaces) before the next try.
  function backoff() {
    attempts++;
    status('reconnecting');
    return Math.min(15000, 500 * Math.pow(2, attempts - 1)) * (0.5 + Math.random() / 2);
  }
  function retry(wasOpen) {
    retryTimer = setTimeout(function () {
      (wasOpen ? Promise.resolve() : history(0)).then(connect, function () { retry(false); });
    }, backoff());
  }

  // Browsers cannot see a half-open socket (a phone that changed networks): ask, and drop it when nothing answers.
  setInterval(function () {
    if (!ready || !ws) return;
    if (Date.now() - lastHeard > 45000) { ws.close(); return; }
    ws.send(JSON.stringify({ type: 'ping' }));
  }, 20000);
  window.addEventListener('online', function () { if (!ws && retryTimer) { attempts = 0; connect(); } });

  // ---- Start ----

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    send(text);
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : sendButton.click(); }
  });
  if (closeButton) closeButton.addEventListener('click', function () { parent.postMessage({ tourdesk: 'close' }, '*'); });

  async function start() {
    status('connecting');
    var h;
    try { h = await history(50); } catch (e) { setTimeout(start, backoff()); return; }
    row('bot', t.greeting);
    var last = h.messages.length ? h.messages[h.messages.length - 1] : null;
    h.messages.forEach(function (m) {
      if (m.direction === 'out') seen[m.seq] = true;
      show(m, m === last);
    });
    lastSeq = h.lastSeq;
    setHandoff(Boolean(h.handoff));
    scrollDown();
    connect();
  }
  start();
})();
`;
