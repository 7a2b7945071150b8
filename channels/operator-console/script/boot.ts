// The console script's start: login (token in sessionStorage), the admin's tenant choice, tabs, logout.

/** Plain ES2017, the last part of the console's IIFE (see index.ts); uses the names the other parts define. */
export const BOOT = String.raw`
  function logout() {
    try { sessionStorage.removeItem(KEY); } catch (e) { /* ignore */ }
    state.token = null; state.me = null;
    $('console').hidden = true; $('logout').hidden = true; $('tenant-box').hidden = true; $('login').hidden = false;
    $('who').textContent = '';
  }

  async function pickTenant(id) {
    state.tenantId = id || null;
    try { if (id) sessionStorage.setItem(TENANT_KEY, id); else sessionStorage.removeItem(TENANT_KEY); } catch (e) { /* ignore */ }
    if (!(await loadAllHotels())) return;
    hotelsView.offset = 0;
    fillHotelForm(null);
    $('cal-room').textContent = '';
    switchTab(state.tab || 'hotels');
  }

  async function start() {
    state.me = await get('/v1/operator/me');
    if (state.me.role !== 'admin' && state.me.role !== 'operator') throw new Error(t.errors.forbidden);
    $('login').hidden = true; $('console').hidden = false; $('logout').hidden = false;
    $('who').textContent = state.me.email + (state.me.tenantName ? ' · ' + state.me.tenantName : '');
    if (state.me.role === 'admin') {
      var tenants = await get('/v1/operator/tenants');
      var select = $('tenant');
      select.textContent = '';
      var none = el('option', t.pickTenant); none.value = ''; select.appendChild(none);
      tenants.forEach(function (x) { var o = el('option', x.name); o.value = x.id; select.appendChild(o); });
      if (!tenants.some(function (x) { return x.id === state.tenantId; })) state.tenantId = tenants.length === 1 ? tenants[0].id : null;
      select.value = state.tenantId || '';
      $('tenant-box').hidden = false;
    }
    await pickTenant(state.tenantId);
  }

  $('login').addEventListener('submit', async function (ev) {
    ev.preventDefault();
    show('login-error', '');
    var r = await fetch(data.api + '/v1/operator/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: $('email').value, password: $('password').value }),
    });
    if (!r.ok) { show('login-error', r.status === 429 ? t.errors.rate_limited : t.loginFailed); return; }
    state.token = (await r.json()).token;
    try { sessionStorage.setItem(KEY, state.token); } catch (e) { /* ignore */ }
    start().catch(function (e) { logout(); show('login-error', errorText(e)); });
  });
  $('logout').addEventListener('click', logout);
  $('tenant').addEventListener('change', function () { pickTenant($('tenant').value).catch(function (e) { console.error(e); }); });
  Array.prototype.forEach.call(document.querySelectorAll('#tabs button'), function (b) {
    b.addEventListener('click', function () { switchTab(b.dataset.tab); });
  });

  if (state.token) start().catch(function () { logout(); }); else $('login').hidden = false;
`;
