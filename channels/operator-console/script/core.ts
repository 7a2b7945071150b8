// The console script's shared part: data, the API client, node building, money and dates, tabs, hotel pickers.

/**
 * Plain ES2017 inside the console's one IIFE (see index.ts). Every node is built with textContent; no inline handlers.
 * Defines: `t`, `$`, `el`, `api`, `download`, `fen`, `yuan`, `money`, `addDays`, `fill`, `errorText`, `show`,
 * `state`, `views`, `hotelOptions`, `tenantParam`, `latest`, `withButton`.
 */
export const CORE = String.raw`
  var data = JSON.parse(document.getElementById('console-data').textContent);
  var t = data.texts;
  var KEY = 'tourdesk.operatorToken';
  var TENANT_KEY = 'tourdesk.operatorTenant';
  var $ = function (id) { return document.getElementById(id); };
  var state = { token: null, me: null, tenantId: null, hotels: [], tab: null };
  try { state.token = sessionStorage.getItem(KEY); state.tenantId = sessionStorage.getItem(TENANT_KEY); } catch (e) { /* disabled storage */ }
  /** Each view's loader, by tab name; filled in by the views below. */
  var views = {};

  function el(tag, text, cls) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }
  function row(cells, cls) {
    var tr = el('tr', null, cls);
    cells.forEach(function (c) { var td = el('td'); if (c instanceof Node) td.appendChild(c); else td.textContent = c === null || c === undefined ? '' : String(c); tr.appendChild(td); });
    return tr;
  }
  function emptyRow(body, cols) { var tr = el('tr'); var td = el('td', t.none); td.colSpan = cols; tr.appendChild(td); body.appendChild(tr); }
  function button(text, onClick, cls) { var b = el('button', text, cls); b.type = 'button'; b.addEventListener('click', onClick); return b; }
  /** Runs \`fn\` with the button \`id\` disabled, so a double click or a second Enter sends one request, not two. */
  async function withButton(id, fn) {
    var b = $(id);
    if (b.dataset.busy) return;
    b.dataset.busy = '1'; b.disabled = true;
    try { return await fn(); } finally { delete b.dataset.busy; b.disabled = false; }
  }
  var loads = {};
  /** Starts a load of \`what\`; the function it returns says whether that load is still the latest one (a slower,
   *  older answer, e.g. for the tenant picked before, must not overwrite a newer one). */
  function latest(what) { var n = (loads[what] || 0) + 1; loads[what] = n; return function () { return loads[what] === n; }; }
  function randomKey() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }
  function fill(text, vars) { return text.replace(/\{(\w+)\}/g, function (w, k) { return k in vars ? String(vars[k]) : w; }); }

  function ApiError(status, body) {
    this.status = status; this.code = (body && body.error) || String(status);
    this.message = (body && body.message) || String(status); this.details = body && body.details; this.body = body;
  }
  ApiError.prototype = Object.create(Error.prototype);
  function errorText(err) {
    if (!(err instanceof ApiError)) return String(err && err.message || err);
    var head = t.errors[err.code] ? t.errors[err.code] + ' (' + err.code + ')' : err.code;
    var d = err.details;
    var extra = '';
    if (Array.isArray(d)) {
      extra = d.slice(0, 5).map(function (i) { return (i.path ? i.path.join('.') + ': ' : '') + (i.message || ''); })
        .filter(function (line) { return err.message.indexOf(line) < 0; }).join('\n');
    }
    else if (d && Array.isArray(d.nights)) extra = d.nights.map(function (n) { return n.night + (n.booked !== undefined ? ' (' + t.booked + ' ' + n.booked + ')' : ''); }).join(', ');
    return head + ': ' + err.message + (extra ? '\n' + extra : '');
  }
  function show(target, text, ok) {
    var n = $(target);
    n.textContent = text || '';
    n.classList.toggle('ok', !!ok);
    n.classList.toggle('error', !ok);
  }

  async function request(method, path, body, contentType, extra) {
    var headers = Object.assign({ Authorization: 'Bearer ' + state.token }, extra || {});
    var payload;
    if (body !== undefined) {
      headers['Content-Type'] = contentType || 'application/json';
      payload = contentType ? body : JSON.stringify(body);
    }
    var r = await fetch(data.api + path, { method: method, headers: headers, body: payload });
    if (r.status === 401) { logout(); throw new ApiError(401, { error: 'unauthorized', message: t.errors.unauthorized }); }
    return r;
  }
  async function api(method, path, body, contentType, extra) {
    var r = await request(method, path, body, contentType, extra);
    var text = await r.text();
    var json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = { error: String(r.status), message: text.slice(0, 200) }; }
    if (!r.ok) throw new ApiError(r.status, json);
    return { body: json, headers: r.headers };
  }
  async function get(path) { return (await api('GET', path)).body; }
  /** Fetches with the bearer token and saves the answer as a file (a plain link could not send the token). */
  async function download(path, filename) {
    var r = await request('GET', path);
    if (!r.ok) { var b = null; try { b = await r.json(); } catch (e) { /* not JSON */ } throw new ApiError(r.status, b); }
    var blob = await r.blob();
    var url = URL.createObjectURL(blob);
    var a = el('a'); a.href = url; a.download = filename; document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }
  function qs(params) {
    var parts = [];
    Object.keys(params).forEach(function (k) {
      var v = params[k];
      if (v !== undefined && v !== null && v !== '' && v !== false) parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(v));
    });
    return parts.length ? '?' + parts.join('&') : '';
  }

  function money(m) {
    var f = typeof m === 'number' ? m : (m ? m.amount : 0);
    var whole = Math.trunc(f / 100).toLocaleString('en-US');
    var cents = Math.abs(f % 100);
    return '¥' + whole + (cents ? '.' + String(cents).padStart(2, '0') : '');
  }
  function fen(input) { var v = String(input).trim(); if (v === '') return undefined; return Math.round(parseFloat(v) * 100); }
  function yuan(f) { return f % 100 === 0 ? String(f / 100) : (f / 100).toFixed(2); }
  function intOf(input) { var v = String(input).trim(); return v === '' ? undefined : parseInt(v, 10); }
  function addDays(iso, n) { var d = new Date(iso + 'T00:00:00Z'); d.setUTCDate(d.getUTCDate() + n); return d.toISOString().slice(0, 10); }
  function dow(iso) { return new Date(iso + 'T00:00:00Z').getUTCDay(); }
  function today() { var d = new Date(); return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10); }
  function when(iso) { return iso ? new Date(iso).toLocaleString(data.lang) : ''; }

  /** The admin's chosen tenant as a query parameter or body field; operators are scoped by their token. */
  function tenantParam() { return state.me && state.me.role === 'admin' && state.tenantId ? state.tenantId : undefined; }
  function hotelName(id) { for (var i = 0; i < state.hotels.length; i++) if (state.hotels[i].id === id) return state.hotels[i].name; return id ? id.slice(0, 8) : ''; }
  /** Fills a hotel select: first the "all" (or another) choice when given, then every hotel of the tenant. */
  function hotelOptions(select, first) {
    var keep = select.value;
    select.textContent = '';
    if (first) { var o = el('option', first.label); o.value = first.value; select.appendChild(o); }
    state.hotels.forEach(function (h) { var o = el('option', h.name); o.value = h.id; select.appendChild(o); });
    if (keep && Array.prototype.some.call(select.options, function (o) { return o.value === keep; })) select.value = keep;
  }
  /** Loads every hotel of the tenant for the pickers; false when a newer load (another tenant) overtook it. */
  async function loadAllHotels() {
    var current = latest('allHotels');
    var all = [];
    for (var offset = 0; offset < 2000; offset += 200) {
      var page = await get('/v1/operator/hotels' + qs({ limit: 200, offset: offset, tenantId: tenantParam() }));
      all = all.concat(page);
      if (page.length < 200) break;
    }
    if (!current()) return false;
    state.hotels = all;
    return true;
  }

  function switchTab(name) {
    state.tab = name;
    Array.prototype.forEach.call(document.querySelectorAll('#tabs button'), function (b) { b.classList.toggle('on', b.dataset.tab === name); });
    Array.prototype.forEach.call(document.querySelectorAll('section.view'), function (s) { s.hidden = s.id !== 'view-' + name; });
    if (views[name]) views[name]().catch(function (e) { console.error(e); });
  }
`;
