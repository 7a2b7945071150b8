// The console script's core: login (token in sessionStorage), the API, the queue with offers, the live socket.

/**
 * Plain ES2017 inside the console's one IIFE (see script.ts): the shared state and helpers the other parts use.
 * Every node is built with textContent (messages and results are untrusted text); no inline handlers.
 */
export const CORE_SCRIPT = String.raw`
  var data = JSON.parse(document.getElementById('console-data').textContent);
  var t = data.texts;
  var KEY = 'tourdesk.agentToken';
  var $ = function (id) { return document.getElementById(id); };
  var token = null;
  try { token = sessionStorage.getItem(KEY); } catch (e) { /* disabled storage */ }
  var me = null;
  var selected = null;
  var view = null;
  var ws = null;
  var attempts = 0;

  function el(tag, text, cls) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }
  function fill(id, text) { var n = $(id); n.textContent = text || ''; return n; }
  function money(m) { return m ? '¥' + (m.amount / 100).toFixed(m.amount % 100 ? 2 : 0) : '—'; }
  function clock(iso) { return new Date(iso).toLocaleTimeString(); }
  function waited(s) {
    var m = Math.floor(s / 60);
    return m >= 60 ? Math.floor(m / 60) + 'h' + (m % 60) + 'm' : m + 'm' + (s % 60) + 's';
  }
  function button(text, onClick, cls) {
    var b = el('button', text, cls); b.type = 'button'; b.addEventListener('click', onClick); return b;
  }
  async function api(method, path, body, headers) {
    var r = await fetch(data.api + path, {
      method: method,
      headers: Object.assign({ Authorization: 'Bearer ' + token }, body ? { 'Content-Type': 'application/json' } : {}, headers || {}),
      body: body ? JSON.stringify(body) : undefined,
    });
    if (r.status === 401) { logout(); throw new Error('unauthorized'); }
    var json = r.status === 204 ? null : await r.json();
    if (!r.ok) { var err = new Error((json && json.message) || String(r.status)); err.code = json && json.error; throw err; }
    return json;
  }

  function logout() {
    try { sessionStorage.removeItem(KEY); } catch (e) { /* ignore */ }
    token = null;
    if (ws) { ws.onclose = null; ws.close(); ws = null; }
    $('desk').hidden = true; $('logout').hidden = true; $('login').hidden = false;
    $('conn').textContent = ''; $('presence').textContent = '';
  }

  function renderQueue(id, items) {
    var body = $(id).tBodies[0];
    body.textContent = '';
    if (!items.length) {
      var tr = el('tr'); var td = el('td', t.empty); td.colSpan = 4; tr.appendChild(td); body.appendChild(tr);
      return;
    }
    items.forEach(function (h) {
      var offered = me && h.status === 'queued' && h.offeredTo === me.userId;
      var tr = el('tr', null, 'h' + (selected && selected.id === h.id ? ' sel' : '') + (offered ? ' offer' : ''));
      tr.dataset.id = h.id;
      tr.dataset.conversation = h.conversationId;
      var reason = el('td', t.reasons[h.reason] || h.reason);
      reason.dataset.reason = h.reason;
      if (h.detail) reason.title = h.detail;
      if (offered) reason.appendChild(el('span', t.offer, 'badge'));
      if (h.replyWindowClosed) reason.appendChild(el('span', t.windowClosed, 'badge warn'));
      tr.appendChild(reason);
      [h.confidence === null ? '—' : h.confidence.toFixed(2), h.channel, waited(h.waitingSeconds)]
        .forEach(function (v) { tr.appendChild(el('td', v)); });
      if (h.lastMessage) tr.title = h.lastMessage.text;
      tr.addEventListener('click', function () { select(h); });
      body.appendChild(tr);
    });
  }
  async function loadQueue() {
    var lists = await Promise.all([api('GET', '/v1/agent/handoffs?status=queued'), api('GET', '/v1/agent/handoffs?status=active'), api('GET', '/v1/agent/presence')]);
    renderQueue('queued', lists[0]);
    renderQueue('active', lists[1]);
    $('presence').textContent = t.agentsOnline + ': ' + lists[2].length;
    // Offers to this agent show in the tab's title too, for a console in a background tab.
    var offers = lists[0].filter(function (h) { return me && h.offeredTo === me.userId; }).length;
    document.title = (offers ? '(' + offers + ') ' : '') + t.title;
  }

  async function select(h) {
    var changed = !selected || selected.conversationId !== h.conversationId;
    selected = h;
    Array.prototype.forEach.call(document.querySelectorAll('tr.h'), function (tr) { tr.classList.toggle('sel', tr.dataset.id === h.id); });
    if (changed) resetTools();
    await loadConversation();
  }
  async function loadConversation() {
    if (!selected) return;
    view = await api('GET', '/v1/agent/conversations/' + selected.conversationId);
    if (view.handoff) selected = view.handoff;
    $('pick').hidden = true; $('detail').hidden = false; $('side').hidden = false;
    $('status').textContent = '· ' + (t.statuses[selected.status] || selected.status);
    $('status').dataset.status = selected.status;
    var holding = selected.status === 'active' && me && (selected.agentId === me.userId || me.role === 'admin');
    $('claim').disabled = selected.status !== 'queued';
    $('release').disabled = !holding;
    $('resolve').disabled = !holding;
    $('close').disabled = !(selected.status === 'queued' || holding);
    $('reply').disabled = !holding;
    $('search').disabled = !holding;
    $('book').disabled = !holding;
    renderTranscript(view);
    renderHistory(view);
    renderContext(view, holding);
    renderTraces(view);
    await loadCanned(view);
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
    me = await api('GET', '/v1/agent/me');
    $('login').hidden = true; $('desk').hidden = false; $('logout').hidden = false;
    connect();
    await loadQueue();
  }
`;
