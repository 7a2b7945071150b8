// The console script's Conversations tab: the review list with filters, a conversation's turns with their tool
// calls, confidence and guard hits, and "correct this answer" on a bot message.

/** Plain ES2017, part of the console's IIFE (see index.ts); uses the names core.ts defines. */
export const CONVERSATIONS = String.raw`
  var conv = { next: null, selected: null };

  function convFilters() {
    return { outcome: $('conv-outcome').value, channel: $('conv-channel').value, hotelId: $('conv-hotel').value,
      lowConfidence: $('conv-low').checked ? 'true' : undefined, corrected: $('conv-corrected').checked ? 'true' : undefined };
  }
  function hits(v) {
    if (!Array.isArray(v)) return v === undefined || v === null ? '' : v;
    if (!v.length) return '0';
    return v.map(function (h) { return typeof h === 'string' ? h : h && h.kind ? h.kind + ': ' + (h.value || '') : JSON.stringify(h); }).join(', ');
  }
  function conf(v) { return typeof v === 'number' ? v.toFixed(2) : '—'; }

  async function loadConversations(more) {
    show('conv-error', '');
    var f = convFilters();
    if (more && conv.next) f.cursor = conv.next;
    var current = latest('conversations');
    var page = await get('/v1/operator/conversations' + qs(f));
    if (!current()) return;
    var items = Array.isArray(page) ? page : page.items || [];
    conv.next = page.next || null;
    $('conv-more').hidden = !conv.next;
    var body = $('conversations').tBodies[0];
    if (!more) body.textContent = '';
    if (!more && !items.length) emptyRow(body, 8);
    items.forEach(function (c) {
      var tr = row([when(c.startedAt), c.channel, c.turns, t.outcomes[c.outcome] || c.outcome, conf(c.minConfidence), hits(c.guardHits),
        c.handoffReason || '', Array.isArray(c.corrections) ? c.corrections.length : c.corrections], 'pick' + (conv.selected === c.id ? ' sel' : ''));
      tr.dataset.id = c.id;
      tr.dataset.outcome = c.outcome;
      tr.addEventListener('click', function () { openConversation(c.id).catch(function (e) { show('conv-error', errorText(e)); }); });
      body.appendChild(tr);
    });
  }

  function stepsTable(steps) {
    var table = el('table', null, 'steps');
    var head = el('tr');
    [t.tools, t.arguments, t.result].forEach(function (h) { head.appendChild(el('th', h)); });
    table.appendChild(head);
    steps.forEach(function (s) {
      var out = s.error ? t.error + ': ' + (typeof s.error === 'string' ? s.error : JSON.stringify(s.error)) : s.result;
      table.appendChild(row([s.tool, el('pre', pretty(s.arguments)), el('pre', pretty(out))], 'step'));
    });
    return table;
  }
  function pretty(v) {
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string') return JSON.stringify(v, null, 1);
    try { return JSON.stringify(JSON.parse(v), null, 1); } catch (e) { return v; }
  }
  function traceRow(turn) {
    var box = el('div', null, 'trace-box');
    var facts = [t.model + ' ' + (turn.model || ''), t.confidence + ' ' + conf(turn.confidence),
      t.guardHits + ' ' + hits(turn.guardHits), t.latency + ' ' + (turn.latencyMs !== undefined ? turn.latencyMs + ' ms' : '')];
    if (turn.outcome) facts.push(t.outcome + ' ' + turn.outcome);
    box.appendChild(el('div', facts.join(' · '), 'facts'));
    if (turn.steps && turn.steps.length) box.appendChild(stepsTable(turn.steps));
    var tr = el('tr', null, 'trace');
    var td = el('td'); td.colSpan = 3; td.appendChild(box); tr.appendChild(td);
    return tr;
  }
  function correctionForm(message) {
    var form = el('form', null, 'correction');
    var text = el('textarea'); text.rows = 3; text.maxLength = 5000; text.className = 'correction-text'; text.required = true;
    text.placeholder = t.correctionText;
    var label = el('label'); var kbBox = el('input'); kbBox.type = 'checkbox'; kbBox.className = 'correction-kb'; kbBox.checked = true;
    label.appendChild(kbBox); label.appendChild(document.createTextNode(' ' + t.toKnowledge));
    var save = el('button', t.save, 'correction-save'); save.type = 'submit';
    form.appendChild(text); form.appendChild(label); form.appendChild(save);
    // One key per wording: a double click or a retry after a lost answer records the correction once.
    var key = 'console-' + randomKey();
    var renew = function () { key = 'console-' + randomKey(); };
    text.addEventListener('input', renew);
    kbBox.addEventListener('change', renew);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (save.disabled) return;
      var body = { messageId: message.id, text: text.value.trim() };
      if (kbBox.checked) body.toKnowledge = true;
      save.disabled = true;
      api('POST', '/v1/operator/corrections', body, undefined, { 'Idempotency-Key': key }).then(function (r) {
        return openConversation(conv.selected).then(function () {
          show('conv-status', t.correctionSaved + (r.body && r.body.knowledgeEntryId ? ' · ' + t.correctionToKb : ''), true);
        });
      }).catch(function (e) { save.disabled = false; show('conv-status', errorText(e)); });
    });
    return form;
  }

  async function openConversation(id) {
    var d = await get('/v1/operator/conversations/' + id);
    conv.selected = id;
    Array.prototype.forEach.call($('conversations').tBodies[0].rows, function (tr) { tr.classList.toggle('sel', tr.dataset.id === id); });
    $('conv-pick').hidden = true;
    $('conv-messages').hidden = false;
    show('conv-status', '');
    var turnOf = {};
    (d.turns || []).forEach(function (turn) { (turn.replyMessageIds || []).forEach(function (m) { turnOf[m] = turn; }); });
    var corrected = {};
    (d.corrections || []).forEach(function (c) { (corrected[c.messageId] = corrected[c.messageId] || []).push(c); });
    var body = $('conv-messages').tBodies[0];
    body.textContent = '';
    (d.messages || []).forEach(function (m) {
      var cell = el('div');
      cell.appendChild(el('div', m.text, 'text'));
      (corrected[m.id] || []).forEach(function (c) { cell.appendChild(el('div', t.corrected + ': ' + (c.correctedText || c.text) + (c.createdBy && c.createdBy.email ? ' (' + c.createdBy.email + ', ' + when(c.createdAt) + ')' : ''), 'ok corrected')); });
      if (m.author === 'bot') {
        var toggle = button(t.correct, function () { toggle.hidden = true; cell.appendChild(correctionForm(m)); }, 'correct');
        cell.appendChild(toggle);
      }
      var tr = row([when(m.createdAt), t.authors[m.author] || m.author, cell], m.author);
      tr.dataset.id = m.id;
      body.appendChild(tr);
      var turn = turnOf[m.id];
      if (turn && turn.replyMessageIds[0] === m.id) body.appendChild(traceRow(turn));
    });
  }

  $('conv-filter').addEventListener('submit', function (ev) { ev.preventDefault(); loadConversations(false).catch(function (e) { show('conv-error', errorText(e)); }); });
  $('conv-more').addEventListener('click', function () { loadConversations(true).catch(function (e) { show('conv-error', errorText(e)); }); });
  views.conversations = async function () {
    hotelOptions($('conv-hotel'), { value: '', label: t.all });
    try { await loadConversations(false); } catch (e) { show('conv-error', errorText(e)); }
  };
`;
