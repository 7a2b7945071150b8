// The operator console's page at `/operator`: a server-rendered shell (login, tabs, forms, tables) and its script.
import type { PageLang } from '../../src/http/pages/booking-texts.ts';
import { consoleHead, consoleLoginForm } from '../../src/http/pages/console-shell.ts';
import { escapeHtml as e, jsonForScript } from '../../src/http/pages/escape.ts';
import { OPERATOR_SCRIPT } from './script/index.ts';
import { CONSOLE_CSS } from './styles.ts';
import { OPERATOR_TEXTS, POLICY_KEYS, type OperatorTexts } from './texts.ts';
import { UPLOT_CSS_PATH, UPLOT_JS_PATH, UPLOT_VERSION } from './assets.ts';

/** What the page needs to render. */
export interface OperatorPageInput {
  lang: PageLang;
  nonce: string;
  /** Path prefix of the API as the browser sees it ('' at the root). */
  apiBase: string;
}

const th = (...cols: string[]) => `<thead><tr>${cols.map((c) => `<th>${e(c)}</th>`).join('')}</tr></thead><tbody></tbody>`;
const field = (label: string, input: string) => `<label>${e(label)}</label>${input}`;
const tierOptions = (t: OperatorTexts) =>
  (['budget', 'comfort', 'luxury'] as const).map((k) => `<option value="${k}">${e(t.tiers[k])}</option>`).join('');

function hotelsView(t: OperatorTexts): string {
  const policies = POLICY_KEYS.map((k) => field(t.policyNames[k],
    `<span class="policy"><input id="policy-${k}-zh" lang="zh-CN" placeholder="中文" maxlength="500"><input id="policy-${k}-en" lang="en" placeholder="English" maxlength="500"></span>`)).join('\n');
  return `<section class="view cols" id="view-hotels" hidden>
<div class="card"><h2>${e(t.tabHotels)}</h2>
<div class="actions"><button type="button" id="hotel-new">${e(t.newHotel)}</button></div>
<table id="hotels">${th(t.name, t.city, t.tier, t.payment)}</table>
<div class="actions"><button type="button" id="hotels-prev">${e(t.prev)}</button><button type="button" id="hotels-next">${e(t.next)}</button></div>
</div>
<div class="card"><h2 id="hotel-form-title">${e(t.newHotel)}</h2>
<form id="hotel-form" class="grid">
${field(t.name, '<input id="hotel-name" required maxlength="200">')}
${field(t.city, '<input id="hotel-city" required maxlength="50">')}
${field(t.tier, `<select id="hotel-tier">${tierOptions(t)}</select>`)}
${field(t.address, '<input id="hotel-address" maxlength="500">')}
${field(t.description, '<textarea id="hotel-description" rows="3" maxlength="5000"></textarea>')}
${field(t.amenities, '<input id="hotel-amenities">')}
${field(t.photos, '<textarea id="hotel-photos" rows="3"></textarea>')}
<div class="thumbs full" id="hotel-thumbs"></div>
<h3 class="full">${e(t.policies)}</h3>
${policies}
${field(t.payment, `<select id="hotel-payment"><option value="at_hotel">${e(t.atHotel)}</option><option value="prepay">${e(t.prepay)}</option></select>`)}
${field(t.holdMinutes, '<input id="hotel-hold" type="number" min="5" max="10080" step="1">')}
${field(t.cancelHours, '<input id="hotel-cancel-hours" type="number" min="0" max="720" step="1">')}
<div class="full actions"><button type="submit" id="hotel-save">${e(t.save)}</button></div>
<p class="full" id="hotel-status" role="status"></p>
</form>
<div id="room-types-box" hidden>
<h3>${e(t.roomTypes)}</h3>
<table id="room-types">${th(t.name, t.capacity, t.basePrice, '')}</table>
<form id="room-type-form" class="row">
<label>${e(t.name)} <input id="rt-name" required maxlength="200"></label>
<label>${e(t.capacity)} <input id="rt-capacity" type="number" min="1" max="20" value="2" required></label>
<label>${e(t.basePrice)} <input id="rt-price" type="number" min="0" step="0.01" required></label>
<button type="submit" id="rt-save">${e(t.addRoomType)}</button>
</form>
<p id="rt-status" role="status"></p>
</div>
</div>
</section>`;
}

function calendarView(t: OperatorTexts): string {
  const weekdays = [1, 2, 3, 4, 5, 6, 0]
    .map((d) => `<label><input type="checkbox" name="bulk-weekday" value="${d}" checked> ${e(t.weekdayNames[d]!)}</label>`).join('');
  return `<section class="view" id="view-calendar" hidden>
<form id="cal-pick" class="row card">
<label>${e(t.hotel)} <select id="cal-hotel"></select></label>
<label>${e(t.roomType)} <select id="cal-room"></select></label>
<label>${e(t.month)} <input id="cal-month" type="month" required></label>
<button type="submit" id="cal-load">${e(t.load)}</button>
<button type="button" id="csv-export">${e(t.csvExport)}</button>
</form>
<p class="error" id="cal-error" role="alert"></p>
<div class="cols">
<div class="card"><table class="cal" id="cal-grid"><thead><tr></tr></thead><tbody></tbody></table></div>
<div>
<form id="night-form" class="grid card" hidden>
<h2 class="full">${e(t.editNight)} <span id="night-date"></span></h2>
${field(t.allotment, '<input id="night-allotment" type="number" min="0" max="10000" step="1">')}
${field(t.price, '<input id="night-price" type="number" min="0" step="0.01">')}
${field(t.stopSell, '<input id="night-stop" type="checkbox">')}
<div class="full actions"><button type="submit" id="night-save">${e(t.save)}</button></div>
<p class="full error" id="night-error" role="alert"></p>
</form>
<form id="bulk-form" class="grid card">
<h2 class="full">${e(t.bulk)}</h2>
${field(t.from, '<input id="bulk-from" type="date" required>')}
${field(t.lastNight, '<input id="bulk-to" type="date" required>')}
${field(t.weekdays, `<div class="weekdays">${weekdays}</div>`)}
${field(t.allotment, '<input id="bulk-allotment" type="number" min="0" max="10000" step="1">')}
${field(t.price, '<input id="bulk-price" type="number" min="0" step="0.01">')}
${field(t.stopSell, `<select id="bulk-stop"><option value="">${e(t.unchanged)}</option><option value="true">${e(t.stop)}</option><option value="false">${e(t.open)}</option></select>`)}
<div class="full actions"><button type="submit" id="bulk-save">${e(t.save)}</button></div>
<p class="full" id="bulk-status" role="status"></p>
</form>
<form id="csv-form" class="card row">
<h2>${e(t.csvImport)}</h2>
<input id="csv-file" type="file" accept=".csv,text/csv">
<button type="button" id="csv-dry">${e(t.dryRun)}</button>
<button type="button" id="csv-apply" disabled>${e(t.apply)}</button>
</form>
<div class="card" id="csv-result" hidden><p id="csv-summary" role="status"></p>
<table id="csv-rejected" hidden>${th(t.line, t.roomType, t.night, t.reason)}</table></div>
</div>
</div>
</section>`;
}

function reservationsView(t: OperatorTexts): string {
  const statuses = (['held', 'confirmed', 'cancelled', 'expired'] as const).map((s) => `<option value="${s}">${e(t.statuses[s])}</option>`).join('');
  return `<section class="view" id="view-reservations" hidden>
<form id="res-filter" class="row card">
<label>${e(t.hotel)} <select id="res-hotel"></select></label>
<label>${e(t.from)} <input id="res-from" type="date"></label>
<label>${e(t.to)} <input id="res-to" type="date"></label>
<label>${e(t.status)} <select id="res-status"><option value="">${e(t.all)}</option>${statuses}</select></label>
<label>${e(t.query)} <input id="res-q" maxlength="100"></label>
<button type="submit" id="res-search">${e(t.search)}</button>
<button type="button" id="res-export">${e(t.csvExport)}</button>
</form>
<p class="error" id="res-error" role="alert"></p>
<div class="cols">
<div class="card"><table id="reservations">${th(t.code, t.hotel, t.stay, t.guest, t.status, t.total)}</table>
<div class="actions"><button type="button" id="res-prev">${e(t.prev)}</button><button type="button" id="res-next">${e(t.next)}</button></div></div>
<div class="card" id="res-detail" hidden><h2 id="res-code"></h2><table id="res-fields"><tbody></tbody></table>
<div class="actions"><button type="button" id="res-confirm">${e(t.confirmHeld)}</button><button type="button" id="res-cancel">${e(t.cancel)}</button></div>
<p class="error" id="res-action-error" role="alert"></p></div>
</div>
</section>`;
}

function knowledgeView(t: OperatorTexts): string {
  return `<section class="view" id="view-knowledge" hidden>
<form id="kb-filter" class="row card">
<label>${e(t.scope)} <select id="kb-scope"></select></label>
<label>${e(t.search)} <input id="kb-q" maxlength="200"></label>
<button type="submit" id="kb-search">${e(t.search)}</button>
</form>
<p class="error" id="kb-error" role="alert"></p>
<div class="cols">
<div class="card"><table id="knowledge">${th(t.question, t.answer, t.scope, t.locale, t.source, '')}</table></div>
<form id="kb-form" class="grid card">
<h2 class="full" id="kb-form-title">${e(t.newEntry)}</h2>
${field(t.scope, '<select id="kb-hotel"></select>')}
${field(t.question, '<input id="kb-question" required maxlength="500">')}
${field(t.answer, '<textarea id="kb-answer" rows="4" required maxlength="5000"></textarea>')}
${field(t.locale, '<select id="kb-locale"><option value="zh-CN">中文</option><option value="en">English</option></select>')}
<div class="full actions"><button type="submit" id="kb-save">${e(t.save)}</button><button type="button" id="kb-new">${e(t.addEntry)}</button></div>
<p class="full" id="kb-status" role="status"></p>
</form>
</div>
</section>`;
}

function conversationsView(t: OperatorTexts): string {
  const outcomes = (['booked', 'handed_off', 'abandoned', 'open'] as const).map((o) => `<option value="${o}">${e(t.outcomes[o])}</option>`).join('');
  return `<section class="view" id="view-conversations" hidden>
<form id="conv-filter" class="row card">
<label>${e(t.outcome)} <select id="conv-outcome"><option value="">${e(t.all)}</option>${outcomes}</select></label>
<label>${e(t.channel)} <select id="conv-channel"><option value="">${e(t.all)}</option><option>web</option><option>app</option><option>wechat</option></select></label>
<label>${e(t.hotel)} <select id="conv-hotel"></select></label>
<label><input id="conv-low" type="checkbox"> ${e(t.lowConfidence)}</label>
<label><input id="conv-corrected" type="checkbox"> ${e(t.corrected)}</label>
<button type="submit" id="conv-search">${e(t.search)}</button>
</form>
<p class="error" id="conv-error" role="alert"></p>
<div class="cols">
<div class="card"><table id="conversations">${th(t.started, t.channel, t.turns, t.outcome, t.minConfidence, t.guardHits, t.handoffReason, t.corrections)}</table>
<div class="actions"><button type="button" id="conv-more" hidden>${e(t.more)}</button></div></div>
<div class="card"><h2>${e(t.transcript)}</h2><p id="conv-pick">${e(t.pickConversation)}</p>
<table id="conv-messages" hidden>${th(t.time, t.author, t.text)}</table>
<p class="ok" id="conv-status" role="status"></p></div>
</div>
</section>`;
}

function dashboardView(t: OperatorTexts): string {
  return `<section class="view" id="view-dashboard" hidden>
<form id="dash-filter" class="row card">
<label>${e(t.from)} <input id="dash-from" type="date" required></label>
<label>${e(t.to)} <input id="dash-to" type="date" required></label>
<label>${e(t.hotel)} <select id="dash-hotel"></select></label>
<button type="submit" id="dash-load">${e(t.load)}</button>
</form>
<p class="error" id="dash-error" role="alert"></p>
<div class="tiles" id="dash-tiles"></div>
<div class="cols">
<div class="card"><h2>${e(t.bookingsChart)}</h2><div class="chart" id="chart-bookings"></div></div>
<div class="card"><h2>${e(t.conversationsChart)}</h2><div class="chart" id="chart-conversations"></div></div>
</div>
<div class="cols">
<div class="card"><h2>${e(t.occupancy)}</h2><table id="dash-occupancy">${th(t.hotel, t.sold, t.available, t.rate)}</table></div>
<div class="card"><h2>${e(t.handoffReasons)}</h2><table id="dash-reasons">${th(t.reason, t.count)}</table></div>
</div>
</section>`;
}

/**
 * The whole page. Every hotel, night, reservation and message is rendered by the script from JSON, with textContent.
 * @example sendOperatorPage(res, (nonce) => renderOperatorPage({ lang: 'en', nonce, apiBase: '' }));
 */
export function renderOperatorPage(p: OperatorPageInput): string {
  const t = OPERATOR_TEXTS[p.lang];
  const tabs = (['hotels', 'calendar', 'reservations', 'knowledge', 'conversations', 'dashboard'] as const)
    .map((k) => `<button type="button" data-tab="${k}" id="tab-${k}">${e(t[`tab${k[0]!.toUpperCase()}${k.slice(1)}` as keyof OperatorTexts] as string)}</button>`)
    .join('');
  const links = `<link rel="stylesheet" href="${e(`${p.apiBase}${UPLOT_CSS_PATH}?v=${UPLOT_VERSION}`)}" nonce="${p.nonce}">`;
  return `${consoleHead({ lang: p.lang, nonce: p.nonce, title: t.title, css: CONSOLE_CSS, links })}<header><h1>${e(t.title)}</h1>
<label id="tenant-box" hidden>${e(t.tenant)} <select id="tenant"></select></label>
<span id="who"></span>
<a href="?lang=${t.otherLang}" lang="${t.otherLang}">${e(t.other)}</a>
<button type="button" id="logout" hidden>${e(t.logout)}</button></header>
${consoleLoginForm(t, 'error')}
<div id="console" hidden>
<nav id="tabs">${tabs}</nav>
<main>
${hotelsView(t)}
${calendarView(t)}
${reservationsView(t)}
${knowledgeView(t)}
${conversationsView(t)}
${dashboardView(t)}
</main>
</div>
<script type="application/json" id="console-data">${jsonForScript({ api: p.apiBase, lang: p.lang, texts: t, policyKeys: POLICY_KEYS })}</script>
<script src="${e(`${p.apiBase}${UPLOT_JS_PATH}?v=${UPLOT_VERSION}`)}" nonce="${p.nonce}"></script>
<script nonce="${p.nonce}">${OPERATOR_SCRIPT}</script>
</body>
</html>
`;
}
