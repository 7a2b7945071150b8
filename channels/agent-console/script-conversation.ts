// The console script's conversation: the transcript with corrections of bot answers, the history, canned replies,
// replying, and the moves (claim, release, close, resolve with a note).

/** Plain ES2017, a part of the console's one IIFE (see script.ts). */
export const CONVERSATION_SCRIPT = String.raw`
  function authorName(a) { return t[a] || a; }

  function correctionBox(m, cell) {
    var box = el('div', null, 'corr-box');
    var area = el('textarea'); area.rows = 2; area.maxLength = 4000; area.placeholder = t.correctHint; area.className = 'corr-text';
    var result = el('span', null, 'corr-result');
    var send = button(t.correctSend, function () {
      var text = area.value.trim();
      if (!text) return;
      send.disabled = true;
      api('POST', '/v1/agent/corrections', { messageId: m.id, text: text })
        .then(function () { result.className = 'corr-result ok'; result.textContent = t.correctDone; area.disabled = true; })
        .catch(function (e) { result.className = 'corr-result err'; result.textContent = t.failed + ': ' + e.message; send.disabled = false; });
    }, 'corr-send');
    box.appendChild(area); box.appendChild(send); box.appendChild(result);
    cell.appendChild(box);
    area.focus();
  }

  function renderTranscript(v) {
    var body = $('transcript').tBodies[0];
    body.textContent = '';
    v.messages.forEach(function (m) {
      var tr = el('tr', null, m.author);
      tr.dataset.id = m.id;
      tr.appendChild(el('td', clock(m.createdAt)));
      tr.appendChild(el('td', authorName(m.author)));
      var cell = el('td', m.text);
      if (m.author === 'bot') {
        var open = button(t.correct, function () { open.disabled = true; correctionBox(m, cell); }, 'correct');
        cell.appendChild(open);
      }
      tr.appendChild(cell);
      body.appendChild(tr);
    });
  }

  function renderHistory(v) {
    var list = $('history');
    list.textContent = '';
    (v.handoff ? v.handoff.events : []).forEach(function (e) {
      var what = e.kind === 'action' ? (t.actions[e.reason] || e.reason) : (t.kinds[e.kind] || e.kind);
      var who = e.actor === 'bot' ? t.bot : e.actor === 'system' ? t.system : (me && e.actorId === me.userId ? '✓ ' : '') + t.agent;
      var extra = e.detail && e.detail.code ? ' ' + e.detail.code : e.kind === 'open' && e.reason ? ' · ' + (t.reasons[e.reason] || e.reason) : e.detail && e.detail.note ? ' · ' + e.detail.note : '';
      var li = el('li', clock(e.createdAt) + ' ' + what + ' · ' + who + extra);
      li.dataset.kind = e.kind;
      list.appendChild(li);
    });
  }

  var cannedFor = null;
  var canned = [];
  async function loadCanned(v) {
    var tenant = v.conversation.tenantId;
    if (cannedFor === tenant + '') return;
    cannedFor = tenant + '';
    var q = tenant && me && me.tenantId !== tenant ? '?tenantId=' + tenant : '';
    try { canned = await api('GET', '/v1/agent/canned-replies' + q); } catch (e) { canned = []; }
    var lang = v.conversation.locale === 'en' ? 'en' : 'zh-CN';
    var sel = $('canned');
    sel.textContent = '';
    canned.slice().sort(function (a, b) { return (a.locale === lang ? 0 : 1) - (b.locale === lang ? 0 : 1); }).forEach(function (c) {
      var o = el('option', (c.locale === 'en' ? 'EN · ' : '中 · ') + c.title);
      o.value = c.id;
      sel.appendChild(o);
    });
  }

  $('canned-insert').addEventListener('click', function () {
    var c = canned.filter(function (x) { return x.id === $('canned').value; })[0];
    if (!c) return;
    var box = $('reply-text');
    var at = box.selectionStart === undefined ? box.value.length : box.selectionStart;
    box.value = box.value.slice(0, at) + c.text + box.value.slice(box.selectionEnd || at);
    box.focus();
  });
  $('claim').addEventListener('click', function () { act(function () { return api('POST', '/v1/agent/handoffs/' + selected.id + '/claim'); }); });
  $('release').addEventListener('click', function () { act(function () { return api('POST', '/v1/agent/handoffs/' + selected.id + '/release', {}); }); });
  $('close').addEventListener('click', function () {
    var reason = $('close-reason').value.trim();
    act(function () { return api('POST', '/v1/agent/handoffs/' + selected.id + '/close', reason ? { reason: reason } : {}).then(function () { $('close-reason').value = ''; }); });
  });
  $('resolve').addEventListener('click', function () {
    var note = $('note').value.trim();
    act(function () { return api('POST', '/v1/agent/handoffs/' + selected.id + '/resolve', note ? { note: note } : {}).then(function () { $('note').value = ''; }); });
  });
  $('reply-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = $('reply-text').value.trim();
    if (!text) return;
    act(function () {
      return api('POST', '/v1/agent/conversations/' + selected.conversationId + '/messages', { text: text })
        .then(function (r) {
          $('reply-text').value = '';
          var status = fill('reply-status', r.delivered ? '' : t.notDelivered);
          status.className = r.delivered ? '' : 'err';
        });
    });
  });
`;
