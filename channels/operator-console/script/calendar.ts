// The console script's Inventory tab: the month grid per room type, a night's edit, bulk edits, CSV export and import.

/** Plain ES2017, part of the console's IIFE (see index.ts); uses the names core.ts defines. */
export const CALENDAR = String.raw`
  // seq: only the latest load draws, so a slow answer for another month never overwrites the one asked for last.
  var cal = { nights: {}, from: null, to: null, selected: null, seq: 0 };

  async function calRoomOptions() {
    var hotelId = $('cal-hotel').value;
    var select = $('cal-room');
    var keep = select.dataset.want || select.value;
    var current = latest('roomTypes');
    var list = hotelId ? await get('/v1/operator/hotels/' + hotelId + '/room-types') : [];
    if (!current()) return;
    select.textContent = '';
    list.forEach(function (rt) { var o = el('option', rt.name + ' · ' + money(rt.basePrice)); o.value = rt.id; select.appendChild(o); });
    if (keep && list.some(function (rt) { return rt.id === keep; })) select.value = keep;
    delete select.dataset.want;
  }

  /** Opens the calendar of one room type (from the Hotels tab). */
  function openCalendar(hotelId, roomTypeId) {
    hotelOptions($('cal-hotel'));
    $('cal-hotel').value = hotelId;
    $('cal-room').textContent = '';
    $('cal-room').dataset.want = roomTypeId;
    switchTab('calendar');
  }

  function renderGrid() {
    var head = $('cal-grid').tHead.rows[0];
    head.textContent = '';
    [1, 2, 3, 4, 5, 6, 0].forEach(function (d) { head.appendChild(el('th', t.weekdayNames[d])); });
    var body = $('cal-grid').tBodies[0];
    body.textContent = '';
    var day = cal.from;
    var lead = (dow(day) + 6) % 7;
    var tr = el('tr');
    for (var i = 0; i < lead; i++) tr.appendChild(el('td', null, 'blank'));
    while (day < cal.to) {
      if (tr.children.length === 7) { body.appendChild(tr); tr = el('tr'); }
      tr.appendChild(nightCell(day));
      day = addDays(day, 1);
    }
    while (tr.children.length < 7) tr.appendChild(el('td', null, 'blank'));
    body.appendChild(tr);
  }
  function nightCell(day) {
    var n = cal.nights[day];
    var cls = 'night' + (!n ? ' closed' : n.stopSell ? ' stop' : n.booked >= n.allotment ? ' full' : '') + (cal.selected === day ? ' sel' : '');
    var td = el('td', null, cls);
    td.dataset.night = day;
    td.appendChild(el('div', String(parseInt(day.slice(8), 10)), 'd'));
    if (n) {
      td.appendChild(el('div', t.allotment + ' ' + n.allotment + ' · ' + t.booked + ' ' + n.booked, 'a'));
      td.appendChild(el('div', money(n.price), 'p'));
      if (n.stopSell) td.appendChild(el('span', t.stopSell, 'badge'));
    } else td.appendChild(el('div', t.noInventory));
    td.addEventListener('click', function () { pickNight(day); });
    return td;
  }
  function pickNight(day) {
    cal.selected = day;
    var n = cal.nights[day];
    $('night-date').textContent = day;
    $('night-allotment').value = n ? n.allotment : 0;
    $('night-price').value = n ? yuan(n.price.amount) : '';
    $('night-stop').checked = !!(n && n.stopSell);
    $('night-form').hidden = false;
    show('night-error', '');
    Array.prototype.forEach.call(document.querySelectorAll('#cal-grid td.night'), function (c) { c.classList.toggle('sel', c.dataset.night === day); });
  }

  async function loadMonth() {
    show('cal-error', '');
    var roomTypeId = $('cal-room').value;
    var month = $('cal-month').value;
    if (!roomTypeId || !/^\d{4}-\d{2}$/.test(month)) return;
    var seq = ++cal.seq;
    var from = month + '-01';
    var next = new Date(from + 'T00:00:00Z'); next.setUTCMonth(next.getUTCMonth() + 1);
    var to = next.toISOString().slice(0, 10);
    var list = await get('/v1/operator/room-types/' + roomTypeId + '/inventory' + qs({ from: from, to: to }));
    if (seq !== cal.seq) return;
    cal.from = from; cal.to = to;
    $('cal-grid').dataset.roomType = roomTypeId;
    $('cal-grid').dataset.month = month;
    cal.nights = {};
    list.forEach(function (n) { cal.nights[n.night] = n; });
    if (!$('bulk-from').value) { $('bulk-from').value = cal.from; $('bulk-to').value = addDays(cal.to, -1); }
    renderGrid();
    if (cal.selected && cal.selected >= cal.from && cal.selected < cal.to) pickNight(cal.selected); else $('night-form').hidden = true;
  }

  async function putInventory(body) {
    return (await api('PUT', '/v1/operator/room-types/' + $('cal-room').value + '/inventory', body)).body;
  }
  async function saveNight() {
    var day = cal.selected;
    var b = { from: day, to: addDays(day, 1), allotment: intOf($('night-allotment').value), stopSell: $('night-stop').checked };
    var price = fen($('night-price').value);
    if (price !== undefined) b.price = { amount: price, currency: 'CNY' };
    await putInventory(b);
    await loadMonth();
    show('night-error', t.saved, true);
  }
  async function saveBulk() {
    var b = { from: $('bulk-from').value, to: addDays($('bulk-to').value, 1) };
    var days = Array.prototype.filter.call(document.getElementsByName('bulk-weekday'), function (c) { return c.checked; })
      .map(function (c) { return parseInt(c.value, 10); });
    if (days.length < 7) b.weekdays = days;
    var allotment = intOf($('bulk-allotment').value); if (allotment !== undefined) b.allotment = allotment;
    var price = fen($('bulk-price').value); if (price !== undefined) b.price = { amount: price, currency: 'CNY' };
    if ($('bulk-stop').value) b.stopSell = $('bulk-stop').value === 'true';
    var changed = await putInventory(b);
    await loadMonth();
    show('bulk-status', fill(t.bulkDone, { n: changed.length }), true);
  }

  function csvResult(text, ok, rejected) {
    $('csv-result').hidden = false;
    show('csv-summary', text, ok);
    var table = $('csv-rejected');
    var body = table.tBodies[0];
    body.textContent = '';
    table.hidden = !rejected || !rejected.length;
    (rejected || []).forEach(function (r) { body.appendChild(row([r.line, r.roomTypeId, r.night, r.reason])); });
  }
  async function importCsv(dryRun) {
    var file = $('csv-file').files[0];
    if (!file) { csvResult(t.pickFile, false); return; }
    $('csv-apply').disabled = true;
    try {
      var text = await file.text();
      var r = (await api('POST', '/v1/operator/inventory/import' + qs({ dryRun: dryRun ? 'true' : undefined }), text, 'text/csv')).body;
      csvResult(fill(dryRun ? t.dryRunResult : t.importResult, { created: r.created, updated: r.updated }), true);
      $('csv-apply').disabled = !dryRun;
      if (!dryRun) await loadMonth();
    } catch (e) {
      $('csv-apply').disabled = true;
      csvResult(errorText(e), false, e.details && e.details.rejected);
    }
  }

  $('cal-hotel').addEventListener('change', function () { calRoomOptions().then(loadMonth).catch(function (e) { show('cal-error', errorText(e)); }); });
  $('cal-room').addEventListener('change', function () { loadMonth().catch(function (e) { show('cal-error', errorText(e)); }); });
  $('cal-pick').addEventListener('submit', function (ev) { ev.preventDefault(); loadMonth().catch(function (e) { show('cal-error', errorText(e)); }); });
  $('night-form').addEventListener('submit', function (ev) { ev.preventDefault(); withButton('night-save', saveNight).catch(function (e) { show('night-error', errorText(e)); }); });
  $('bulk-form').addEventListener('submit', function (ev) { ev.preventDefault(); show('bulk-status', ''); withButton('bulk-save', saveBulk).catch(function (e) { show('bulk-status', errorText(e)); }); });
  $('csv-export').addEventListener('click', function () {
    var hotelId = $('cal-hotel').value;
    if (!hotelId || !cal.from) return;
    download('/v1/operator/inventory.csv' + qs({ hotelId: hotelId, from: cal.from, to: cal.to }), 'inventory-' + $('cal-month').value + '.csv')
      .catch(function (e) { show('cal-error', errorText(e)); });
  });
  $('csv-file').addEventListener('change', function () { $('csv-apply').disabled = true; $('csv-result').hidden = true; });
  $('csv-dry').addEventListener('click', function () { withButton('csv-dry', function () { return importCsv(true); }); });
  $('csv-apply').addEventListener('click', function () { importCsv(false); });
  views.calendar = async function () {
    if (!$('cal-month').value) $('cal-month').value = today().slice(0, 7);
    hotelOptions($('cal-hotel'));
    try {
      if (!$('cal-room').options.length) await calRoomOptions();
      await loadMonth();
    } catch (e) { show('cal-error', errorText(e)); }
  };
`;
