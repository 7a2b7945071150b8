// The console's inline script: login (token in sessionStorage), the queue, the live socket, transcript and actions.

/**
 * Plain ES2017, no build step. Reads `#console-data`, builds every node with textContent (messages are untrusted
 * text) and uses no inline handlers, since the CSP admits only this nonce-carrying script.
 */
export const CONSOLE_SCRIPT = String.raw`(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('console-data').textContent);
  var t = data.texts;
  var KEY = 'tourdesk.agentToken';
  var $ = function (id) { return document.getElementById(id); };
  var token = null;
  try { token = sessionStorage.getItem(KEY); } catch (e) { /* disabled storage */ }
  var selected = null;
  var ws = null;
  var attempts = 0;

  function el(tag, text, cls) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }
  function waited(s) {
    var m = Math.floor(s / 60);
    return m >= 60 ? Math.floor(m / 60) + 'h' + (m % 60) + 'm' : m + 'm' + (s % 60) + 's';
  }
  async function api(method, path, body) {
    var r = await fetch(data.api + path, {
      method: method,
      headers: Object.assign({ Authorization: 'Bearer ' + token }, body ? { 'Content-Type': 'application/json' } : {}),
      body: body ? JSON.stringify(body) : undefined,
    });
    if (r.status === 401) { logout(); throw new Error('unauthorized'); }
    var json = r.status === 204 ? null : await r.json();
    if (!r.ok) throw new Error((json && json.message) || String(r.status));
    return json;
  }

  function logout() {
    try { sessionStorage.removeItem(KEY); } catch (e) { /* ignore */ }
    token = null;
    if (ws) { ws.onclose = null; ws.close(); ws = null; }
    $('desk').hidden = true; $('logout').hidden = true; $('login').hidden = false;
    $('conn').textContent = '';
  }

  function renderQueue(id, items) {
    var body = $(id).tBodies[0];
    body.textContent = '';
    if (!items.length) {
      var tr = el('tr'); var td = el('td', t.empty); td.colSpan = 4; tr.appendChild(td); body.appendChild(tr);
      return;
    }
    items.forEach(function (h) {
      var tr = el('tr', null, 'h' + (selected && selected.id === h.id ? ' sel' : ''));
      tr.dataset.id = h.id;
      tr.dataset.conversation = h.conversationId;
      [h.reason, h.confidence === null ? '—' : h.confidence.toFixed(2), h.channel, waited(h.waitingSeconds)]
        .forEach(function (v) { tr.appendChild(el('td', v)); });
      if (h.lastMessage) tr.title = h.lastMessage.text;
      tr.addEventListener('click', function () { select(h); });
      body.appendChild(tr);
    });
  }
  async function loadQueue() {
    var lists = await Promise.all([api('GET', '/v1/agent/handoffs?status=queued'), api('GET', '/v1/agent/handoffs?status=active')]);
    renderQueue('queued', lists[0]);
    renderQueue('active', lists[1]);
  }

  async function select(h) {
    selected = h;
    Array.prototype.forEach.call(document.querySelectorAll('tr.h'), function (tr) { tr.classList.toggle('sel', tr.dataset.id === h.id); });
    await loadConversation();
  }
  async function loadConversation() {
    if (!selected) return;
    var view = await api('GET', '/v1/agent/conversations/' + selected.conversationId);
    if (view.handoff) selected = view.handoff;
    $('pick').hidden = true; $('detail').hidden = false;
    $('status').textContent = '· ' + (t.statuses[selected.status] || selected.status);
    $('status').dataset.status = selected.status;
    var body = $('transcript').tBodies[0];
    body.textContent = '';
    view.messages.forEach(function (m) {
      var tr = el('tr', null, m.author);
      tr.appendChild(el('td', new Date(m.createdAt).toLocaleTimeString()));
      tr.appendChild(el('td', m.author));
      tr.appendChild(el('td', m.text));
      body.appendChild(tr);
    });
    $('claim').disabled = selected.status !== 'queued';
    $('resolve').disabled = selected.status !== 'active';
    $('reply').disabled = selected.status !== 'active';
  }
  async function act(fn) {
    try { await fn(); } catch (e) { alert(e.message); }
    await loadQueue();
    await loadConversation();
  }

  function connect() {
    var base = location.protocol === 'https:' ? 'wss://' : 'ws://';
    ws = new WebSocket(base + location.host + data.api + '/v1/agent/ws?token=' + encodeURIComponent(token));
    ws.onmessage = function (m) {
      var event = JSON.parse(m.data);
      if (event.type === 'ready') { attempts = 0; $('conn').textContent = t.online; $('conn').className = 'online'; }
      loadQueue().catch(function () { /* shown on the next event */ });
      if (selected && event.conversationId === selected.conversationId) loadConversation().catch(function () { /* idem */ });
    };
    ws.onclose = function () {
      $('conn').textContent = t.offline; $('conn').className = 'offline';
      if (!token) return;
      attempts += 1;
      setTimeout(function () { if (token) connect(); }, Math.min(30000, 500 * Math.pow(2, attempts)));
    };
  }

  async function start() {
    $('login').hidden = true; $('desk').hidden = false; $('logout').hidden = false;
    connect();
    await loadQueue();
  }

  $('login').addEventListener('submit', async function (ev) {
    ev.preventDefault();
    $('login-error').textContent = '';
    var r = await fetch(data.api + '/v1/operator/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: $('email').value, password: $('password').value }),
    });
    if (!r.ok) { $('login-error').textContent = t.loginFailed; return; }
    token = (await r.json()).token;
    try { sessionStorage.setItem(KEY, token); } catch (e) { /* ignore */ }
    start().catch(function (e) { $('login-error').textContent = e.message; });
  });
  $('logout').addEventListener('click', logout);
  $('claim').addEventListener('click', function () { act(function () { return api('POST', '/v1/agent/handoffs/' + selected.id + '/claim'); }); });
  $('resolve').addEventListener('click', function () { act(function () { return api('POST', '/v1/agent/handoffs/' + selected.id + '/resolve', {}); }); });
  $('reply-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = $('reply-text').value.trim();
    if (!text) return;
    act(function () {
      return api('POST', '/v1/agent/conversations/' + selected.conversationId + '/messages', { text: text })
        .then(function () { $('reply-text').value = ''; });
    });
  });

  if (token) start().catch(function () { logout(); }); else $('login').hidden = false;
})();
`;
