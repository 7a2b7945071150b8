// The console script's booking tools: search for the traveller → pick a result → server quote → book (with an
// Idempotency-Key kept across retries of the same booking).

/** Plain ES2017, a part of the console's one IIFE (see script.ts). */
export const TOOLS_SCRIPT = String.raw`
  var quote = null;
  var bookKey = null;
  var prefilled = null;

  function newKey() {
    return 'console-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 10);
  }
  function resetTools() {
    quote = null; bookKey = null; prefilled = null;
    $('search-form').reset(); $('book-form').reset();
    $('results').textContent = ''; $('quote-box').hidden = true; $('booked').hidden = true; fill('tool-error', '');
  }
  function prefillSearch(s) {
    if (prefilled === selected.conversationId) return;
    prefilled = selected.conversationId;
    if (s.city) $('s-city').value = s.city;
    if (s.checkIn) $('s-in').value = s.checkIn;
    if (s.checkOut) $('s-out').value = s.checkOut;
    if (s.guests) $('s-guests').value = s.guests;
    if (s.rooms) $('s-rooms').value = s.rooms;
    if (s.budgetMax) $('s-budget').value = s.budgetMax;
    if (s.tier) $('s-tier').value = s.tier;
  }
  function toolError(e) { fill('tool-error', t.failed + ': ' + e.message); }
  function stay() {
    return { checkIn: $('s-in').value, checkOut: $('s-out').value, rooms: Number($('s-rooms').value) || 1, guests: Number($('s-guests').value) };
  }

  function renderResults(r) {
    var box = $('results');
    box.textContent = '';
    var any = false;
    ['budget', 'comfort', 'luxury'].forEach(function (k) {
      var hits = r.tiers[k] || [];
      if (!hits.length) return;
      any = true;
      box.appendChild(el('div', t.tiers[k] + ' (' + r.counts[k] + ')', 'tier'));
      hits.forEach(function (h) {
        var row = el('div', null, 'hit');
        row.appendChild(el('span', h.name + ' · ' + h.roomName + ' · ' + '★'.repeat(h.stars) + (h.rating ? ' ' + h.rating : '')));
        row.appendChild(el('span', money(h.pricePerNight) + ' ' + t.perNight + ' · ' + money(h.total) + ' ' + t.total));
        row.appendChild(button(t.quote, function () { askQuote(h); }, 'pick'));
        box.appendChild(row);
      });
    });
    if (!any) box.appendChild(el('p', t.noResults));
  }

  async function askQuote(h) {
    fill('tool-error', '');
    try {
      var s = stay();
      quote = await api('POST', '/v1/agent/conversations/' + selected.conversationId + '/quote',
        { hotelId: h.hotelId, roomTypeId: h.roomTypeId, checkIn: s.checkIn, checkOut: s.checkOut, rooms: s.rooms, guests: s.guests });
      bookKey = newKey();
      fill('quote-summary', quote.hotelName + ' · ' + quote.roomName + ' · ' + quote.checkIn + '→' + quote.checkOut + ' · ' +
        quote.rooms + '×' + quote.nights + ' · ' + money(quote.total) + ' · ' + t.validUntil + ' ' + clock(quote.expiresAt));
      $('quote-box').hidden = false; $('booked').hidden = true;
    } catch (e) { toolError(e); }
  }

  $('search-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    fill('tool-error', '');
    var s = stay();
    var body = { city: $('s-city').value.trim(), checkIn: s.checkIn, checkOut: s.checkOut, guests: s.guests, rooms: s.rooms };
    if ($('s-budget').value) body.budgetMax = Number($('s-budget').value);
    if ($('s-tier').value) body.tier = $('s-tier').value;
    api('POST', '/v1/agent/conversations/' + selected.conversationId + '/search', body).then(renderResults).catch(toolError);
  });
  $('book-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    if (!quote) return;
    fill('tool-error', '');
    var body = { hotelId: quote.hotelId, roomTypeId: quote.roomTypeId, checkIn: quote.checkIn, checkOut: quote.checkOut, rooms: quote.rooms,
      guests: quote.guests, guest: { name: $('g-name').value.trim(), phone: $('g-phone').value.trim() }, quoteToken: quote.token };
    $('book').disabled = true;
    // The same key on a retry of this booking: a lost answer never books twice.
    api('POST', '/v1/agent/conversations/' + selected.conversationId + '/bookings', body, { 'Idempotency-Key': bookKey })
      .then(function (r) {
        quote = null; bookKey = null;
        $('quote-box').hidden = true;
        fill('booked', t.booked + ': ' + r.reservation.code + ' · ' + r.reservation.hotelName + ' · ' + money(r.reservation.total)).hidden = false;
        $('booked').dataset.code = r.reservation.code;
        return loadConversation();
      })
      .catch(toolError)
      .then(function () { $('book').disabled = false; });
  });
`;
