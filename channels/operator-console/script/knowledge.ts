// The console script's Knowledge tab: FAQ and policy entries per hotel or tenant-wide: list, search, add, edit, delete.

/** Plain ES2017, part of the console's IIFE (see index.ts); uses the names core.ts defines. */
export const KNOWLEDGE = String.raw`
  var kb = { editing: null };
  var TENANT_WIDE = 'tenant';

  function itemsOf(body) { return Array.isArray(body) ? body : (body && body.items) || []; }
  async function loadKnowledge() {
    show('kb-error', '');
    var scope = $('kb-scope').value;
    var current = latest('knowledge');
    var list = itemsOf(await get('/v1/operator/knowledge' + qs({
      hotelId: scope && scope !== TENANT_WIDE ? scope : undefined, q: $('kb-q').value.trim(), tenantId: tenantParam(),
    })));
    if (!current()) return;
    if (scope === TENANT_WIDE) list = list.filter(function (k) { return !k.hotelId; });
    var body = $('knowledge').tBodies[0];
    body.textContent = '';
    if (!list.length) emptyRow(body, 6);
    list.forEach(function (k) {
      var actions = el('span');
      actions.appendChild(button(t.edit, function () { editKnowledge(k); }, 'kb-edit'));
      actions.appendChild(button(t.delete, function () { deleteKnowledge(k).catch(function (e) { show('kb-error', errorText(e)); }); }, 'kb-delete'));
      var tr = row([k.question, k.answer, k.hotelId ? hotelName(k.hotelId) : t.tenantWide, k.locale, k.source, actions]);
      tr.dataset.id = k.id;
      body.appendChild(tr);
    });
  }
  function editKnowledge(k) {
    kb.editing = k;
    $('kb-form-title').textContent = k ? t.edit : t.newEntry;
    $('kb-hotel').value = k && k.hotelId ? k.hotelId : '';
    $('kb-question').value = k ? k.question : '';
    $('kb-answer').value = k ? k.answer : '';
    $('kb-locale').value = k ? k.locale : data.lang;
    show('kb-status', '');
  }
  async function saveKnowledge() {
    var b = { question: $('kb-question').value.trim(), answer: $('kb-answer').value.trim(), locale: $('kb-locale').value };
    var hotelId = $('kb-hotel').value;
    if (kb.editing) {
      b.hotelId = hotelId || null;
      await api('PATCH', '/v1/operator/knowledge/' + kb.editing.id, b);
    } else {
      if (hotelId) b.hotelId = hotelId;
      else if (tenantParam()) b.tenantId = tenantParam();
      await api('POST', '/v1/operator/knowledge', b);
    }
    editKnowledge(null);
    show('kb-status', t.saved, true);
    await loadKnowledge();
  }
  async function deleteKnowledge(k) {
    if (!window.confirm(t.confirmDelete)) return;
    await api('DELETE', '/v1/operator/knowledge/' + k.id);
    if (kb.editing && kb.editing.id === k.id) editKnowledge(null);
    await loadKnowledge();
  }

  $('kb-filter').addEventListener('submit', function (ev) { ev.preventDefault(); loadKnowledge().catch(function (e) { show('kb-error', errorText(e)); }); });
  $('kb-form').addEventListener('submit', function (ev) { ev.preventDefault(); withButton('kb-save', saveKnowledge).catch(function (e) { show('kb-status', errorText(e)); }); });
  $('kb-new').addEventListener('click', function () { editKnowledge(null); });
  views.knowledge = async function () {
    hotelOptions($('kb-scope'), { value: '', label: t.all });
    if (!Array.prototype.some.call($('kb-scope').options, function (o) { return o.value === TENANT_WIDE; })) {
      var o = el('option', t.tenantWide); o.value = TENANT_WIDE; $('kb-scope').insertBefore(o, $('kb-scope').options[1] || null);
    }
    hotelOptions($('kb-hotel'), { value: '', label: t.tenantWide });
    try { await loadKnowledge(); } catch (e) { show('kb-error', errorText(e)); }
  };
`;
