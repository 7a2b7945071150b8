// The console script's Dashboard tab: bookings, revenue, conversations and handoffs per day (uPlot), occupancy per
// hotel as bars, conversion and the handoff rate with its reasons, over a chosen range.

/** Plain ES2017, part of the console's IIFE (see index.ts); uses the names core.ts defines and uPlot's global. */
export const DASHBOARD = String.raw`
  var dash = { charts: [], seq: 0 };

  function pct(v) { return typeof v === 'number' ? (v * 100).toFixed(1) + '%' : '—'; }
  function sum(days, f) { return days.reduce(function (a, d) { return a + (f(d) || 0); }, 0); }
  function tile(id, label, value) {
    var box = el('div', null, 'tile'); box.id = id;
    box.appendChild(el('b', value)); box.appendChild(el('span', label));
    return box;
  }
  function chart(containerId, xs, series) {
    var box = $(containerId);
    box.textContent = '';
    if (typeof window.uPlot !== 'function') { box.appendChild(el('p', 'uPlot?', 'error')); return; }
    var bars = window.uPlot.paths && window.uPlot.paths.bars ? window.uPlot.paths.bars({ size: [0.6, 24] }) : null;
    var opts = {
      width: Math.max(320, box.clientWidth || 480), height: 240,
      scales: { x: { time: true } },
      series: [{ label: t.day }].concat(series.map(function (s) {
        var one = { label: s.label, stroke: s.color, width: 2, scale: s.scale || 'y', value: s.format ? function (u, v) { return v === null || v === undefined ? '' : s.format(v); } : undefined };
        // Counts per day as bars (when this uPlot has them), so a line on the other axis never hides them.
        if (s.bars && bars) { one.paths = bars; one.fill = s.color + '66'; one.points = { show: false }; }
        return one;
      })),
      axes: [{}, { scale: 'y' }].concat(series.some(function (s) { return s.scale; })
        ? [{ scale: series.filter(function (s) { return s.scale; })[0].scale, side: 1, grid: { show: false } }] : []),
    };
    dash.charts.push(new window.uPlot(opts, [xs].concat(series.map(function (s) { return s.values; })), box));
  }

  async function loadStats() {
    show('dash-error', '');
    var seq = ++dash.seq;
    // The form's last day is included; the API's \`to\` is exclusive.
    var s = await get('/v1/operator/stats' + qs({ from: $('dash-from').value, to: addDays($('dash-to').value, 1),
      hotelId: $('dash-hotel').value, tenantId: tenantParam() }));
    if (seq !== dash.seq) return;
    dash.charts.forEach(function (c) { c.destroy(); });
    dash.charts = [];
    var days = s.days || [];
    var tiles = $('dash-tiles');
    tiles.textContent = '';
    var conversations = s.conversations || {};
    var handoffs = s.handoffs || {};
    [['tile-bookings', t.bookings, sum(days, function (d) { return d.bookings; })],
      ['tile-room-nights', t.roomNights, sum(days, function (d) { return d.roomNights; })],
      ['tile-revenue', t.revenue, money(sum(days, function (d) { return d.revenue && d.revenue.amount; }))],
      ['tile-cancellations', t.cancellations, sum(days, function (d) { return d.cancellations; })],
      ['tile-conversations', t.conversations, conversations.total === undefined ? sum(days, function (d) { return d.conversations; }) : conversations.total],
      ['tile-conversion', t.conversion, pct(s.conversion)],
      ['tile-handoff-rate', t.handoffRate, pct(handoffs.rate)]]
      .forEach(function (x) { tiles.appendChild(tile(x[0], x[1], x[2])); });

    var xs = days.map(function (d) { return Date.parse(d.day + 'T00:00:00Z') / 1000; });
    chart('chart-bookings', xs, [
      { label: t.bookings, color: '#2563eb', bars: true, values: days.map(function (d) { return d.bookings; }) },
      { label: t.revenue, color: '#16a34a', scale: 'yuan', values: days.map(function (d) { return (d.revenue ? d.revenue.amount : 0) / 100; }),
        format: function (v) { return money(Math.round(v * 100)); } },
    ]);
    chart('chart-conversations', xs, [
      { label: t.conversations, color: '#7c3aed', bars: true, values: days.map(function (d) { return d.conversations; }) },
      { label: t.handoffs, color: '#dc2626', values: days.map(function (d) { return d.handoffs; }) },
    ]);

    var occ = $('dash-occupancy').tBodies[0];
    occ.textContent = '';
    if (!(s.occupancy || []).length) emptyRow(occ, 4);
    (s.occupancy || []).forEach(function (o) {
      var cell = el('div');
      var bar = el('div', null, 'bar'); var fillBar = el('span');
      fillBar.style.width = Math.max(0, Math.min(100, (o.rate || 0) * 100)) + '%';
      bar.appendChild(fillBar); cell.appendChild(bar); cell.appendChild(el('span', pct(o.rate)));
      occ.appendChild(row([o.name || hotelName(o.hotelId), o.soldNights, o.availableNights, cell]));
    });
    var reasons = $('dash-reasons').tBodies[0];
    reasons.textContent = '';
    if (!(handoffs.reasons || []).length) emptyRow(reasons, 2);
    (handoffs.reasons || []).forEach(function (r) { reasons.appendChild(row([r.reason, r.count])); });
  }

  $('dash-filter').addEventListener('submit', function (ev) { ev.preventDefault(); loadStats().catch(function (e) { show('dash-error', errorText(e)); }); });
  views.dashboard = async function () {
    if (!$('dash-to').value) { $('dash-to').value = today(); $('dash-from').value = addDays(today(), -29); }
    hotelOptions($('dash-hotel'), { value: '', label: t.all });
    try { await loadStats(); } catch (e) { show('dash-error', errorText(e)); }
  };
`;
