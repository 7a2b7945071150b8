// The report as a text table for the terminal: one row a scenario, the failing trials' reasons, the overall line.
import type { Report } from '../report.ts';
import type { Summary } from '../metrics.ts';

/** Display width: CJK characters take two columns. */
export function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

const pad = (s: string, n: number, right = false) => {
  const fill = ' '.repeat(Math.max(0, n - width(s)));
  return right ? fill + s : s + fill;
};

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The columns of a summary, shared by the per-scenario rows and the overall line. */
export function summaryCells(s: Summary): string[] {
  return [pct(s.pass1), pct(s.passK), pct(s.handoffRate), s.guardHits.toFixed(2), s.turns.toFixed(1), s.latencyP50.toFixed(0), s.latencyP95.toFixed(0)];
}

/** Renders rows with a header, columns padded (numbers right-aligned). */
export function table(header: string[], rows: string[][], numericFrom: number): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) => r.map((c, i) => pad(c, widths[i]!, i >= numericFrom)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * The whole report as text: what ran, a table of scenarios, why trials failed, and the overall numbers.
 * @example console.log(textReport(report));
 */
export function textReport(r: Report): string {
  const head = [
    `TourDesk evaluation · concierge ${r.concierge.model} (${r.concierge.kind}) · prompt ${r.promptVersion} · tools ${r.toolsVersion}`,
    `traveller ${r.traveller.kind}${r.traveller.model ? ` (${r.traveller.model})` : ''} · ${r.engine} · k=${r.k} · seed ${r.seed} · ${r.scenarios.length} scenarios · ${(r.durationMs / 1000).toFixed(1)} s`,
  ];
  const header = ['scenario', 'lang', 'expects', 'pass^1', 'pass^k', 'handoff', 'guard', 'turns', 'p50 ms', 'p95 ms'];
  const rows = r.scenarios.map((s) => [s.id, s.lang, s.kind, ...summaryCells(s.summary)]);
  const failures = r.scenarios.flatMap((s) =>
    s.trials.filter((t) => !t.passed).map((t) => `  ${s.id} #${t.trial} (seed ${t.seed}, ended: ${t.ended}${t.note ? `, ${t.note}` : ''}): ${t.failures.join('; ')}`));
  const o = r.overall;
  return [
    ...head,
    '',
    table(header, rows, 3),
    '',
    failures.length ? `Failed trials (${failures.length}):\n${failures.join('\n')}` : 'Every trial passed.',
    '',
    `Overall: pass^1 ${pct(o.pass1)} · pass^${r.k} ${pct(o.passK)} · handoff ${pct(o.handoffRate)} · guard hits ${o.guardHits.toFixed(2)}/trial · ${o.turns.toFixed(1)} turns · latency p50 ${o.latencyP50.toFixed(0)} ms, p95 ${o.latencyP95.toFixed(0)} ms · ${o.trials} trials`,
  ].join('\n');
}
