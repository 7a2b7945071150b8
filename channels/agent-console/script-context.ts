// The console script's side panel: the traveller's context (city, dates, guests, last search, pending quote), their
// reservations with a cancel button, and the bot's traces per turn (tool calls, arguments, results, confidence, guards).

/** Plain ES2017, a part of the console's one IIFE (see script.ts). */
export const CONTEXT_SCRIPT = String.raw`
  function term(list, label, value) {
    if (value === undefined || value === null || value === '') return;
    list.appendChild(el('dt', label));
    list.appendChild(el('dd', value));
  }

  function renderContext(v, holding) {
    var c = v.context || {};
    var m = c.memory;
    var s = m && m.lastSearch;
    var list = $('context');
    list.textContent = '';
    term(list, t.channel, v.conversation.channel);
    term(list, t.locale, v.conversation.locale);
    if (m) term(list, t.turns, m.turns);
    if (s) {
      term(list, t.city, s.city);
      term(list, t.checkIn + ' → ' + t.checkOut, s.checkIn + ' → ' + s.checkOut);
      term(list, t.guests, s.guests + (s.rooms ? ' · ' + s.rooms + ' ' + t.rooms : ''));
      var shown = (s.hotels || []).map(function (h) { return (t.tiers[h.tier] || h.tier) + ' ' + h.name; });
      term(list, t.lastSearch, shown.length ? shown.join('、') : t.noResults);
      prefillSearch(s);
    }
    term(list, t.pending, m && m.pending ? m.pending.summary : t.none);
    $('context').dataset.ready = '1';

    var body = $('reservations').tBodies[0];
    body.textContent = '';
    if (!c.reservations || !c.reservations.length) {
      var none = el('tr'); none.appendChild(el('td', t.none)); body.appendChild(none);
      return;
    }
    c.reservations.forEach(function (r) {
      var tr = el('tr', null, 'res');
      tr.dataset.code = r.code;
      tr.appendChild(el('td', r.code));
      tr.appendChild(el('td', r.hotelName + ' · ' + r.roomName + ' · ' + r.checkIn + '→' + r.checkOut + ' · ' + r.rooms + ' · ' + money(r.total)));
      tr.appendChild(el('td', (t.rstatus[r.status] || r.status) + (r.bookedBy === 'agent' ? ' · ' + t.agent : '')));
      var cell = el('td');
      if (holding && (r.status === 'held' || r.status === 'confirmed')) {
        cell.appendChild(button(t.cancel, function () {
          if (!confirm(t.confirmCancel.replace('{code}', r.code))) return;
          act(function () { return api('POST', '/v1/agent/conversations/' + selected.conversationId + '/reservations/' + r.code + '/cancel'); });
        }, 'cancel'));
      }
      tr.appendChild(cell);
      body.appendChild(tr);
    });
  }

  function compact(v, max) {
    var s = typeof v === 'string' ? v : JSON.stringify(v);
    return s && s.length > max ? s.slice(0, max) + '…' : s;
  }
  function describeResult(step) {
    var r = step.result;
    if (step.error) return step.error;
    if (r && r.tiers) {
      return ['budget', 'comfort', 'luxury'].map(function (k) {
        var hits = r.tiers[k] || [];
        return (t.tiers[k] || k) + ': ' + (hits.length ? hits.slice(0, 3).map(function (h) { return h.name + ' ' + money(h.pricePerNight); }).join(', ') : '—');
      }).join(' | ');
    }
    if (r && r.quote) return r.quote.hotelName + ' · ' + r.quote.roomName + ' · ' + r.quote.checkIn + '→' + r.quote.checkOut + ' · ' + money(r.quote.total);
    if (r && r.bookings) return r.bookings.map(function (b) { return b.code + ' ' + b.status; }).join(', ') || t.none;
    if (r && r.reservation) return r.reservation.code + ' ' + (r.reservation.status || '');
    return compact(r, 160);
  }

  function renderTraces(v) {
    var box = $('traces');
    box.textContent = '';
    if (!v.traces.length) { box.appendChild(el('p', t.none)); return; }
    v.traces.slice().reverse().forEach(function (tr) {
      var d = el('div', null, 'trace');
      var meta = el('div', null, 'meta');
      meta.appendChild(el('span', clock(tr.createdAt) + ' · ' + tr.model + ' · ' + t.confidence + ' '));
      meta.appendChild(el('span', tr.confidence.toFixed(2), tr.confidence < 0.5 ? 'low' : ''));
      meta.appendChild(el('span', ' · ' + tr.outcome + ' · ' + t.latency + ' ' + tr.latencyMs + 'ms'));
      d.appendChild(meta);
      (tr.steps || []).forEach(function (s) {
        var step = el('div', null, 'step');
        step.appendChild(el('b', s.tool + ' '));
        step.appendChild(el('code', compact(s.arguments, 200)));
        step.appendChild(el('div', '→ ' + describeResult(s), s.error ? 'err' : ''));
        var more = el('details');
        more.appendChild(el('summary', '…'));
        more.appendChild(el('pre', JSON.stringify(s.result, null, 1)));
        step.appendChild(more);
        d.appendChild(step);
      });
      if (tr.guardHits && tr.guardHits.length) {
        d.appendChild(el('div', t.guard + ': ' + tr.guardHits.map(function (g) { return g.kind + ' ' + g.value; }).join(', '), 'hits'));
      }
      d.appendChild(el('div', tr.reply));
      box.appendChild(d);
    });
  }
`;
