// The agent console's page at `/agent`: a server-rendered shell (login, queue, conversation, traveller, booking tools,
// traces) and its script.
import type { PageLang } from '../../src/http/pages/booking-texts.ts';
import { consoleHead, consoleLoginForm } from '../../src/http/pages/console-shell.ts';
import { escapeHtml as e, jsonForScript } from '../../src/http/pages/escape.ts';
import { CONSOLE_SCRIPT } from './script.ts';
import { CONSOLE_TEXTS } from './texts.ts';

export { CONSOLE_TEXTS };

const CSS = `
[hidden]{display:none!important}
body{font:13px/1.4 system-ui,"WenQuanYi Micro Hei",sans-serif;margin:0;color:#111;background:#f8fafc}
header{display:flex;gap:12px;align-items:center;padding:8px 16px;background:#0f766e;color:#fff}
header h1{font-size:16px;margin:0;flex:1} header a,header button{color:#fff} header button{background:transparent;border:1px solid #99f6e4;border-radius:4px;padding:2px 8px}
#conn.online{color:#bbf7d0} #conn.offline{color:#fecaca} #presence{font-size:12px;opacity:.9}
main{display:grid;grid-template-columns:minmax(260px,1fr) minmax(360px,1.6fr) minmax(320px,1.3fr);gap:12px;padding:12px;align-items:start}
section{background:#fff;border:1px solid #e2e8f0;border-radius:6px;padding:8px 10px;min-width:0}
table{border-collapse:collapse;width:100%;margin-bottom:10px} th,td{border:1px solid #e2e8f0;padding:3px 5px;text-align:left;vertical-align:top}
th{background:#f1f5f9;font-weight:600}
tbody tr.h{cursor:pointer} tbody tr.h:hover,tbody tr.sel{background:#ccfbf1}
tbody tr.offer{background:#fef3c7;box-shadow:inset 4px 0 #d97706} .badge{display:inline-block;font-size:11px;padding:0 5px;border-radius:8px;background:#d97706;color:#fff;margin-left:4px} .badge.warn{background:#b91c1c}
h2{font-size:14px;margin:6px 0} h3{font-size:13px;margin:10px 0 4px;color:#0f766e}
#login{max-width:320px;margin:40px auto;display:grid;gap:8px} #login-error{color:#b91c1c}
textarea,input,select{font:inherit;box-sizing:border-box} textarea{width:100%}
.actions{display:flex;flex-wrap:wrap;gap:6px;margin:6px 0;align-items:center}
#transcript td:nth-child(1){white-space:nowrap;color:#64748b} #transcript td:nth-child(2){white-space:nowrap} #transcript td:nth-child(3){white-space:pre-wrap}
tr.agent td{background:#ecfdf5} tr.system td{color:#475569;font-style:italic} tr.bot td{background:#f8fafc}
.correct{font-size:11px;margin-left:6px} .corr-box{display:grid;gap:4px;margin-top:4px}
.ok{color:#15803d} .err{color:#b91c1c}
dl{display:grid;grid-template-columns:auto 1fr;gap:2px 8px;margin:0} dt{color:#64748b} dd{margin:0}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:4px 8px} .grid label{display:grid;font-size:12px;color:#475569}
.grid input,.grid select{width:100%}
.hit{display:flex;justify-content:space-between;gap:6px;border-bottom:1px dashed #e2e8f0;padding:3px 0}
.tier{font-weight:600;margin-top:4px}
.trace{border-top:1px solid #e2e8f0;padding:4px 0;white-space:pre-wrap} .trace .meta{color:#64748b;font-size:12px}
.step{margin:2px 0 2px 10px;font-size:12px} .step code{background:#f1f5f9;padding:0 3px;border-radius:3px;word-break:break-all}
.hits{color:#b91c1c;font-size:12px} .low{color:#b91c1c;font-weight:600}
details pre{white-space:pre-wrap;word-break:break-all;max-height:200px;overflow:auto;background:#f8fafc;margin:2px 0;font-size:11px}
#quote-box,#booked{border:1px solid #99f6e4;background:#f0fdfa;border-radius:4px;padding:6px;margin-top:6px}
`;

/** The whole page. Every handoff, message, trace and result is rendered by the script from JSON, with textContent. */
export function renderConsolePage(p: { lang: PageLang; nonce: string; apiBase: string }): string {
  const t = CONSOLE_TEXTS[p.lang];
  const th = (...cols: string[]) => `<thead><tr>${cols.map((c) => `<th>${e(c)}</th>`).join('')}</tr></thead>`;
  const queueHead = th(t.reason, t.confidence, t.channel, t.waiting);
  const field = (id: string, label: string, input: string) => `<label for="${id}">${e(label)}${input}</label>`;
  return `${consoleHead({ lang: p.lang, nonce: p.nonce, title: t.title, css: CSS })}<header><h1>${e(t.title)}</h1><span id="presence"></span><span id="conn" role="status"></span>
<a href="?lang=${t.otherLang}" lang="${t.otherLang}">${e(t.other)}</a>
<button type="button" id="logout" hidden>${e(t.logout)}</button></header>
${consoleLoginForm(t)}
<main id="desk" hidden>
<section>
<h2>${e(t.queued)}</h2><table id="queued">${queueHead}<tbody></tbody></table>
<h2>${e(t.active)}</h2><table id="active">${queueHead}<tbody></tbody></table>
</section>
<section>
<h2>${e(t.transcript)} <span id="status"></span></h2>
<p id="pick">${e(t.pick)}</p>
<div id="detail" hidden>
<div class="actions">
<button type="button" id="claim">${e(t.claim)}</button>
<button type="button" id="release">${e(t.release)}</button>
<button type="button" id="close">${e(t.close)}</button>
<input id="close-reason" placeholder="${e(t.closeReason)}" maxlength="300">
</div>
<table id="transcript">${th(t.time, t.author, t.text)}<tbody></tbody></table>
<form id="reply-form">
<div class="actions"><label for="canned">${e(t.canned)}</label><select id="canned"></select>
<button type="button" id="canned-insert">${e(t.insert)}</button></div>
<textarea id="reply-text" rows="3" maxlength="4000"></textarea>
<div class="actions"><button id="reply" type="submit">${e(t.reply)}</button><span id="reply-status" role="status"></span></div>
</form>
<h3>${e(t.resolve)}</h3>
<textarea id="note" rows="2" maxlength="2000" placeholder="${e(t.note)}"></textarea>
<div class="actions"><button type="button" id="resolve">${e(t.resolve)}</button></div>
<h3>${e(t.history)}</h3><ol id="history"></ol>
</div>
</section>
<section id="side" hidden>
<h2>${e(t.context)}</h2>
<dl id="context"></dl>
<h3>${e(t.reservations)}</h3>
<table id="reservations"><tbody></tbody></table>
<h3>${e(t.tools)}</h3>
<form id="search-form" class="grid">
${field('s-city', t.city, '<input id="s-city" required maxlength="50">')}
${field('s-guests', t.guests, '<input id="s-guests" type="number" min="1" max="80" value="2" required>')}
${field('s-in', t.checkIn, '<input id="s-in" type="date" required>')}
${field('s-out', t.checkOut, '<input id="s-out" type="date" required>')}
${field('s-rooms', t.rooms, '<input id="s-rooms" type="number" min="1" max="20" value="1">')}
${field('s-budget', t.budget, '<input id="s-budget" type="number" min="1">')}
${field('s-tier', t.tier, `<select id="s-tier"><option value="">${e(t.any)}</option>${(['budget', 'comfort', 'luxury'] as const).map((k) => `<option value="${k}">${e(t.tiers[k])}</option>`).join('')}</select>`)}
<div class="actions"><button id="search" type="submit">${e(t.search)}</button></div>
</form>
<p id="tool-error" class="err" role="alert"></p>
<div id="results"></div>
<div id="quote-box" hidden>
<div id="quote-summary"></div>
<form id="book-form" class="grid">
${field('g-name', t.guestName, '<input id="g-name" required maxlength="100">')}
${field('g-phone', t.guestPhone, '<input id="g-phone" required maxlength="24">')}
<div class="actions"><button id="book" type="submit">${e(t.book)}</button></div>
</form>
</div>
<div id="booked" hidden></div>
<h3>${e(t.traces)}</h3>
<div id="traces"></div>
</section>
</main>
<script type="application/json" id="console-data">${jsonForScript({ api: p.apiBase, texts: t, lang: p.lang })}</script>
<script nonce="${p.nonce}">${CONSOLE_SCRIPT}</script>
</body>
</html>
`;
}
