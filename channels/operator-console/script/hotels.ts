// The console script's Hotels tab: the paged list, the hotel form (create and edit, photos, policies), room types.

/** Plain ES2017, part of the console's IIFE (see index.ts); uses the names core.ts defines. */
export const HOTELS = String.raw`
  var hotelsView = { offset: 0, hasMore: false, editing: null, policies: {}, roomType: null };
  var PAGE = 20;

  async function loadHotelPage() {
    var current = latest('hotels');
    var r = await api('GET', '/v1/operator/hotels' + qs({ limit: PAGE, offset: hotelsView.offset, tenantId: tenantParam() }));
    if (!current()) return;
    hotelsView.hasMore = /rel="next"/.test(r.headers.get('Link') || '');
    var body = $('hotels').tBodies[0];
    body.textContent = '';
    if (!r.body.length) emptyRow(body, 4);
    r.body.forEach(function (h) {
      var tr = row([h.name, h.city, t.tiers[h.tier] || h.tier, h.paymentMode === 'prepay' ? t.prepay : t.atHotel],
        'pick' + (hotelsView.editing && hotelsView.editing.id === h.id ? ' sel' : ''));
      tr.dataset.id = h.id;
      tr.addEventListener('click', function () { openHotel(h.id).catch(function (e) { show('hotel-status', errorText(e)); }); });
      body.appendChild(tr);
    });
    $('hotels-prev').disabled = hotelsView.offset === 0;
    $('hotels-next').disabled = !hotelsView.hasMore;
  }

  /** A policy as the form shows it: a text in both boxes, or its Chinese and English; the form's value back. */
  function policyPair(v) {
    if (typeof v === 'string') return { zh: v, en: v };
    if (v && typeof v === 'object') return { zh: typeof v.zh === 'string' ? v.zh : '', en: typeof v.en === 'string' ? v.en : '' };
    return { zh: '', en: '' };
  }
  function policyValue(zh, en) {
    if (!zh && !en) return null;
    if (!en || en === zh) return zh;
    if (!zh) return { en: en };
    return { zh: zh, en: en };
  }
  function renderThumbs() {
    var box = $('hotel-thumbs');
    box.textContent = '';
    photoList().forEach(function (u) {
      if (!/^https?:\/\//i.test(u)) return;
      var img = el('img'); img.src = u; img.alt = ''; img.loading = 'lazy'; img.referrerPolicy = 'no-referrer';
      box.appendChild(img);
    });
  }
  function photoList() { return $('hotel-photos').value.split(/\n/).map(function (s) { return s.trim(); }).filter(Boolean); }
  function listOf(value) { return value.split(/[,，、]/).map(function (s) { return s.trim(); }).filter(Boolean); }

  function fillHotelForm(h) {
    hotelsView.editing = h;
    hotelsView.policies = {};
    $('hotel-form-title').textContent = h ? h.name : t.newHotel;
    $('hotel-name').value = h ? h.name : '';
    $('hotel-city').value = h ? h.city : '';
    $('hotel-tier').value = h ? h.tier : 'comfort';
    $('hotel-address').value = h && h.address || '';
    $('hotel-description').value = h && h.description || '';
    $('hotel-amenities').value = h ? (h.amenities || []).join(', ') : '';
    $('hotel-photos').value = h ? (h.photos || []).join('\n') : '';
    data.policyKeys.forEach(function (k) {
      var pair = policyPair(h ? (h.policies || {})[k] : undefined);
      hotelsView.policies[k] = pair;
      $('policy-' + k + '-zh').value = pair.zh;
      $('policy-' + k + '-en').value = pair.en;
    });
    $('hotel-payment').value = h ? h.paymentMode : 'at_hotel';
    $('hotel-hold').value = h ? h.holdMinutes : '';
    $('hotel-cancel-hours').value = h ? h.cancelHours : '';
    $('room-types-box').hidden = !h;
    show('hotel-status', '');
    renderThumbs();
    Array.prototype.forEach.call($('hotels').tBodies[0].rows, function (tr) { tr.classList.toggle('sel', !!h && tr.dataset.id === h.id); });
  }

  async function openHotel(id) {
    fillHotelForm(await get('/v1/operator/hotels/' + id));
    await loadRoomTypes();
  }

  function hotelBody() {
    var h = hotelsView.editing;
    var b = { name: $('hotel-name').value.trim(), city: $('hotel-city').value.trim(), tier: $('hotel-tier').value,
      amenities: listOf($('hotel-amenities').value), photos: photoList(), paymentMode: $('hotel-payment').value };
    var address = $('hotel-address').value.trim();
    var description = $('hotel-description').value.trim();
    if (h) { b.address = address || null; b.description = description || null; } else {
      if (address) b.address = address;
      if (description) b.description = description;
      if (tenantParam()) b.tenantId = tenantParam();
    }
    var hold = intOf($('hotel-hold').value); if (hold !== undefined) b.holdMinutes = hold;
    var cancel = intOf($('hotel-cancel-hours').value); if (cancel !== undefined) b.cancelHours = cancel;
    // Only the policies the operator changed: the others (the seeded ones carry more than their texts) stay as they are.
    var policies = {};
    data.policyKeys.forEach(function (k) {
      var zh = $('policy-' + k + '-zh').value.trim();
      var en = $('policy-' + k + '-en').value.trim();
      var was = hotelsView.policies[k];
      if (zh === was.zh.trim() && en === was.en.trim()) return;
      var v = policyValue(zh, en);
      if (v !== null || h) policies[k] = v;
    });
    if (Object.keys(policies).length) b.policies = policies;
    return b;
  }

  async function saveHotel() {
    var h = hotelsView.editing;
    if (h) {
      var updated = (await api('PATCH', '/v1/operator/hotels/' + h.id, hotelBody())).body;
      fillHotelForm(updated);
    } else {
      var created = (await api('POST', '/v1/operator/hotels', hotelBody())).body;
      await loadAllHotels();
      await openHotel(created.id);
    }
    show('hotel-status', t.saved, true);
    await loadHotelPage();
  }

  async function loadRoomTypes() {
    var h = hotelsView.editing;
    var list = await get('/v1/operator/hotels/' + h.id + '/room-types');
    var body = $('room-types').tBodies[0];
    body.textContent = '';
    if (!list.length) emptyRow(body, 4);
    list.forEach(function (rt) {
      var actions = el('span');
      actions.appendChild(button(t.edit, function () { editRoomType(rt); }));
      actions.appendChild(button(t.openCalendar, function () { openCalendar(h.id, rt.id); }));
      var tr = row([rt.name, rt.capacity, money(rt.basePrice), actions]);
      tr.dataset.id = rt.id;
      body.appendChild(tr);
    });
    editRoomType(null);
  }
  function editRoomType(rt) {
    hotelsView.roomType = rt;
    $('rt-name').value = rt ? rt.name : '';
    $('rt-capacity').value = rt ? rt.capacity : 2;
    $('rt-price').value = rt ? yuan(rt.basePrice.amount) : '';
    $('rt-save').textContent = rt ? t.save : t.addRoomType;
  }
  async function saveRoomType() {
    var b = { name: $('rt-name').value.trim(), capacity: intOf($('rt-capacity').value),
      basePrice: { amount: fen($('rt-price').value), currency: 'CNY' } };
    if (hotelsView.roomType) await api('PATCH', '/v1/operator/room-types/' + hotelsView.roomType.id, b);
    else await api('POST', '/v1/operator/hotels/' + hotelsView.editing.id + '/room-types', b);
    show('rt-status', t.saved, true);
    await loadRoomTypes();
  }

  $('hotels-prev').addEventListener('click', function () { hotelsView.offset = Math.max(0, hotelsView.offset - PAGE); loadHotelPage().catch(function (e) { show('hotel-status', errorText(e)); }); });
  $('hotels-next').addEventListener('click', function () { hotelsView.offset += PAGE; loadHotelPage().catch(function (e) { show('hotel-status', errorText(e)); }); });
  $('hotel-new').addEventListener('click', function () { fillHotelForm(null); });
  $('hotel-photos').addEventListener('input', renderThumbs);
  $('hotel-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    withButton('hotel-save', saveHotel).catch(function (e) { show('hotel-status', errorText(e)); });
  });
  $('room-type-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    withButton('rt-save', saveRoomType).catch(function (e) { show('rt-status', errorText(e)); });
  });
  views.hotels = async function () {
    try { await loadHotelPage(); } catch (e) { show('hotel-status', errorText(e)); }
  };
`;
