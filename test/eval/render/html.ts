// The report as one self-contained HTML page (inline SVG plots and styles, no script, no network), and the page of
// a comparison of two runs.
import { runLabel, type Comparison } from '../compare.ts';
import type { Summary } from '../metrics.ts';
import type { Report, ScenarioReport } from '../report.ts';
import { esc, hbars, histogram, pairedBars, STYLE, type Bar } from './svg.ts';

const pct = (x: number) => `${Math.round(x * 100)}%`;

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>\n`;
}

function cards(o: Summary, k: number): string {
  const card = (label: string, value: string) => `<div class="card">${esc(label)}<b>${esc(value)}</b></div>`;
  return `<div class="cards">${[
    card('pass^1', pct(o.pass1)), card(`pass^${k}`, pct(o.passK)), card('handoff rate', pct(o.handoffRate)),
    card('guard hits / trial', o.guardHits.toFixed(2)), card('turns / trial', o.turns.toFixed(1)),
    card('latency p50', `${o.latencyP50.toFixed(0)} ms`), card('latency p95', `${o.latencyP95.toFixed(0)} ms`), card('trials', String(o.trials)),
  ].join('')}</div>`;
}

function scenarioRows(list: readonly ScenarioReport[]): string {
  return list.map((s) => {
    const m = s.summary;
    return `<tr class="${m.passK === 1 ? 'pass' : 'fail'}"><td>${esc(s.id)}</td><td>${esc(s.lang)}</td><td>${esc(s.kind)}</td>` +
      `<td class="n">${pct(m.pass1)}</td><td class="n">${pct(m.passK)}</td><td class="n">${pct(m.handoffRate)}</td>` +
      `<td class="n">${m.guardHits.toFixed(2)}</td><td class="n">${m.turns.toFixed(1)}</td><td class="n">${m.latencyP50.toFixed(0)}</td>` +
      `<td class="n">${m.latencyP95.toFixed(0)}</td><td>${esc(s.title)}</td></tr>`;
  }).join('');
}

function failedTrials(list: readonly ScenarioReport[]): string {
  const items = list.flatMap((s) => s.trials.filter((t) => !t.passed).map((t) => {
    const lines = t.transcript.map((m) => `${m.who === 'bot' ? '  bot ›' : 'guest ›'} ${m.text}`).join('\n');
    return `<details><summary><b>${esc(s.id)}</b> #${t.trial} (seed ${t.seed}, ended: ${esc(t.ended)}): ${esc(t.failures.join('; '))}</summary>` +
      `${t.note ? `<p>${esc(t.note)}</p>` : ''}<div class="t">${esc(lines)}</div></details>`;
  }));
  return items.length ? items.join('') : '<p>Every trial passed.</p>';
}

/** Pass rate by a grouping of the scenarios (language, expected end state). */
function groupBars(list: readonly ScenarioReport[], key: (s: ScenarioReport) => string): Bar[] {
  const groups = new Map<string, ScenarioReport[]>();
  for (const s of list) groups.set(key(s), [...(groups.get(key(s)) ?? []), s]);
  return [...groups].map(([label, ss]) => {
    const v = ss.reduce((n, s) => n + s.summary.pass1, 0) / ss.length;
    return { label: `${label} (${ss.length})`, value: v, text: pct(v), tone: v >= 0.9 ? 'good' : v < 0.5 ? 'bad' : 'mid' };
  });
}

/**
 * The report as a self-contained HTML page: overall numbers, plots of pass^1 per scenario and group, latency, the
 * table, and the transcripts of failed trials.
 * @example await writeFile('report.html', reportHtml(report));
 */
export function reportHtml(r: Report): string {
  const pass1: Bar[] = r.scenarios.map((s) => ({
    label: s.id, value: s.summary.pass1, text: `${pct(s.summary.pass1)}${s.summary.passK === 1 ? '' : ' ✗'}`,
    tone: s.summary.passK === 1 ? 'good' : s.summary.pass1 === 0 ? 'bad' : 'mid',
  }));
  const maxP95 = Math.max(1, ...r.scenarios.map((s) => s.summary.latencyP95));
  const latency: Bar[] = r.scenarios.map((s) => ({ label: s.id, value: s.summary.latencyP95, text: `p50 ${s.summary.latencyP50.toFixed(0)} · p95 ${s.summary.latencyP95.toFixed(0)} ms`, tone: 'mid' }));
  const all = r.scenarios.flatMap((s) => s.trials.flatMap((t) => t.latenciesMs));
  const body = `
<h1>TourDesk evaluation</h1>
<p class="meta">Concierge <b>${esc(r.concierge.model)}</b> (${esc(r.concierge.kind)}${r.concierge.baseUrl ? `, ${esc(r.concierge.baseUrl)}` : ''}) · prompt ${esc(r.promptVersion)} · tools ${esc(r.toolsVersion)} ·
${esc(r.traveller.kind)} traveller${r.traveller.model ? ` (${esc(r.traveller.model)})` : ''} · ${esc(r.engine)} · k=${r.k} · seed ${r.seed} · ${r.scenarios.length} scenarios ·
${esc(r.startedAt)} · ${(r.durationMs / 1000).toFixed(1)} s</p>
${cards(r.overall, r.k)}
<p class="meta">pass^1 is the mean success over a scenario's trials; pass^${r.k} counts a scenario only when all ${r.k} trials succeeded. Success is judged by the database (reservations, cancellations, handoffs), never by wording.</p>
<h2>Pass rate by group</h2>
${hbars(groupBars(r.scenarios, (s) => `lang ${s.lang}`), 1, 'pass^1 by language')}
${hbars(groupBars(r.scenarios, (s) => s.kind), 1, 'pass^1 by expected end state')}
<h2>pass^1 per scenario (✗: not all trials passed)</h2>
${hbars(pass1, 1, 'pass^1')}
<h2>Latency</h2>
${histogram(all, 24, `Round trip of a traveller message through the app channel (${all.length} messages)`)}
${hbars(latency, maxP95, 'Latency per scenario (bar: p95)')}
<h2>Scenarios</h2>
<table><thead><tr><th>scenario</th><th>lang</th><th>expects</th><th class="n">pass^1</th><th class="n">pass^${r.k}</th><th class="n">handoff</th><th class="n">guard</th><th class="n">turns</th><th class="n">p50 ms</th><th class="n">p95 ms</th><th>what it checks</th></tr></thead>
<tbody>${scenarioRows(r.scenarios)}</tbody></table>
<h2>Failed trials</h2>
${failedTrials(r.scenarios)}`;
  return page(`TourDesk evaluation · ${r.concierge.model}`, body);
}

/**
 * A comparison of two runs as a self-contained HTML page: both runs' overall numbers, paired bars per scenario and a
 * table with what changed.
 * @example await writeFile('diff.html', compareHtml(compareReports(a, b)));
 */
export function compareHtml(c: Comparison): string {
  const pairs = (f: (s: Summary) => number) => c.scenarios.map((s) => ({ label: s.id, a: s.a ? f(s.a) : null, b: s.b ? f(s.b) : null }));
  const maxP50 = Math.max(1, ...c.scenarios.flatMap((s) => [s.a?.latencyP50 ?? 0, s.b?.latencyP50 ?? 0]));
  const rows = c.scenarios.map((s) => {
    const cell = (x: number | undefined, f: (x: number) => string) => `<td class="n">${x === undefined ? '–' : esc(f(x))}</td>`;
    const cls = s.change === 'better' ? 'up' : s.change === 'worse' ? 'down' : '';
    return `<tr><td>${esc(s.id)}</td>${cell(s.a?.pass1, pct)}${cell(s.b?.pass1, pct)}${cell(s.a?.passK, pct)}${cell(s.b?.passK, pct)}` +
      `${cell(s.a?.turns, (x) => x.toFixed(1))}${cell(s.b?.turns, (x) => x.toFixed(1))}${cell(s.a?.latencyP50, (x) => x.toFixed(0))}${cell(s.b?.latencyP50, (x) => x.toFixed(0))}` +
      `<td class="${cls}">${esc(s.change === 'same' ? '' : s.change)}</td></tr>`;
  }).join('');
  const body = `
<h1>TourDesk evaluation: A against B</h1>
<p class="meta"><b>A</b> ${esc(runLabel(c.a))}<br><b>B</b> ${esc(runLabel(c.b))}</p>
<h2>A</h2>${cards(c.a.overall, c.a.k)}
<h2>B</h2>${cards(c.b.overall, c.b.k)}
<h2>pass^1 per scenario (grey: A, blue: B)</h2>
${pairedBars(pairs((s) => s.pass1), 1, 'pass^1', pct)}
<h2>Turns per trial</h2>
${pairedBars(pairs((s) => s.turns), Math.max(1, ...c.scenarios.flatMap((s) => [s.a?.turns ?? 0, s.b?.turns ?? 0])), 'turns', (x) => x.toFixed(1))}
<h2>Latency p50 (ms)</h2>
${pairedBars(pairs((s) => s.latencyP50), maxP50, 'latency p50', (x) => `${x.toFixed(0)} ms`)}
<h2>Side by side</h2>
<table><thead><tr><th>scenario</th><th class="n">pass^1 A</th><th class="n">pass^1 B</th><th class="n">pass^k A</th><th class="n">pass^k B</th><th class="n">turns A</th><th class="n">turns B</th><th class="n">p50 A</th><th class="n">p50 B</th><th>change</th></tr></thead>
<tbody>${rows}</tbody></table>`;
  return page('TourDesk evaluation: comparison', body);
}
