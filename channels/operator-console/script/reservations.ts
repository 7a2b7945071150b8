// The console script's Reservations tab: search with filters, a reservation's detail, confirm a held one, cancel, CSV.

/** Plain ES2017, part of the console's IIFE (see index.ts); uses the names core.ts defines. */
export const RESERVATIONS = String.raw`
  var res = { offset: 0, limit: 50, selected: null };

  function resFilters() {
    return { hotelId: $('res-hotel').value, from: $('res-from').value, to: $('res-to').value, status: $('res-status').value,
      q: $('res-q').value.trim(), tenantId: tenantParam() };
  }
  async function loadReservations() {
    show('res-error', '');
    var f = resFilters();
    f.limit = res.limit; f.offset = res.offset;
    var current = latest('reservations');
    var list = await get('/v1/operator/reservations' + qs(f));
    if (!current()) return;
    var body = $('reservations').tBodies[0];
    body.textContent = '';
    if (!list.length) emptyRow(body, 6);
    list.forEach(function (r) {
      var tr = row([r.code, r.hotelName || hotelName(r.hotelId), r.checkIn + ' → ' + r.checkOut, r.guest ? r.guest.name : '',
        t.statuses[r.status] || r.status, money(r.total)], 'pick' + (res.selected && res.selected.code === r.code ? ' sel' : ''));
      tr.dataset.code = r.code;
      tr.dataset.status = r.status;
      tr.addEventListener('click', function () { openReservation(r.code).catch(function (e) { show('res-error', errorText(e)); }); });
      body.appendChild(tr);
    });
    $('res-prev').disabled = res.offset === 0;
    $('res-next').disabled = list.length < res.limit;
  }

  async function openReservation(code) {
    var r = await get('/v1/operator/reservations/' + encodeURIComponent(code));
    res.selected = r;
    $('res-detail').hidden = false;
    $('res-code').textContent = r.code + ' · ' + (t.statuses[r.status] || r.status);
    $('res-code').dataset.status = r.status;
    var body = $('res-fields').tBodies[0];
    body.textContent = '';
    [[t.hotel, r.hotelName || (r.hotel && r.hotel.name) || hotelName(r.hotelId)], [t.roomType, r.roomName], [t.stay, r.checkIn + ' → ' + r.checkOut],
      [t.rooms, r.rooms], [t.guests, r.guests], [t.guest, r.guest && r.guest.name], [t.phone, r.guest && r.guest.phone],
      [t.total, money(r.total)], [t.payment, r.paymentMode === 'prepay' ? t.prepay : t.atHotel], [t.channel, r.channel],
      [t.created, when(r.createdAt)]]
      .concat((r.history || []).map(function (h) { return [t.statuses[h.status] || h.status, when(h.at)]; }))
      .forEach(function (kv) { var tr = row([kv[0], kv[1]]); tr.firstChild.className = 'k'; body.appendChild(tr); });
    $('res-confirm').disabled = r.status !== 'held';
    $('res-cancel').disabled = r.status !== 'held' && r.status !== 'confirmed';
    show('res-action-error', '');
    Array.prototype.forEach.call($('reservations').tBodies[0].rows, function (tr) { tr.classList.toggle('sel', tr.dataset.code === r.code); });
  }
  async function resAct(action) {
    var code = res.selected.code;
    if (action === 'cancel' && !window.confirm(fill(t.confirmCancel, { code: code }))) return;
    // Both stay disabled until the reservation is shown again with its new status.
    $('res-confirm').disabled = true; $('res-cancel').disabled = true;
    try {
      await api('POST', '/v1/operator/reservations/' + encodeURIComponent(code) + '/' + action);
    } catch (e) { show('res-action-error', errorText(e)); }
    await openReservation(code);
    await loadReservations();
  }

  $('res-filter').addEventListener('submit', function (ev) { ev.preventDefault(); res.offset = 0; loadReservations().catch(function (e) { show('res-error', errorText(e)); }); });
  $('res-prev').addEventListener('click', function () { res.offset = Math.max(0, res.offset - res.limit); loadReservations().catch(function (e) { show('res-error', errorText(e)); }); });
  $('res-next').addEventListener('click', function () { res.offset += res.limit; loadReservations().catch(function (e) { show('res-error', errorText(e)); }); });
  $('res-confirm').addEventListener('click', function () { resAct('confirm').catch(function (e) { show('res-action-error', errorText(e)); }); });
  $('res-cancel').addEventListener('click', function () { resAct('cancel').catch(function (e) { show('res-action-error', errorText(e)); }); });
  $('res-export').addEventListener('click', function () {
    download('/v1/operator/reservations.csv' + qs(resFilters()), 'reservations-' + today() + '.csv').catch(function (e) { show('res-error', errorText(e)); });
  });
  views.reservations = async function () {
    hotelOptions($('res-hotel'), { value: '', label: t.all });
    try { await loadReservations(); } catch (e) { show('res-error', errorText(e)); }
  };
`;
