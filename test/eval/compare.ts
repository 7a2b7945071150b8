// Two runs side by side (two models, or two prompts, on the same scenarios): per scenario pass^1, pass^k, turns and
// latency of both, and which scenarios got better or worse.
import type { Summary } from './metrics.ts';
import { table } from './render/text.ts';
import type { Report } from './report.ts';

/** One scenario in both runs (null where a run did not have it). */
export interface ComparedScenario {
  id: string;
  lang: string;
  kind: string;
  a: Summary | null;
  b: Summary | null;
  /** better / worse: pass^k or pass^1 moved; same; only-a / only-b: in one run only. */
  change: 'better' | 'worse' | 'same' | 'only-a' | 'only-b';
}

/** The comparison, with its text rendering. */
export interface Comparison {
  a: Report;
  b: Report;
  scenarios: ComparedScenario[];
  text: string;
}

const pct = (x: number | undefined) => (x === undefined ? '–' : `${Math.round(x * 100)}%`);
const num = (x: number | undefined, d = 0) => (x === undefined ? '–' : x.toFixed(d));

/** What a run was: its concierge, prompt and tools versions, traveller and k. */
export function runLabel(r: Report): string {
  return `${r.concierge.model} (${r.concierge.kind}) · prompt ${r.promptVersion} · tools ${r.toolsVersion} · ${r.traveller.kind} traveller · k=${r.k}`;
}

function changeOf(a: Summary | null, b: Summary | null): ComparedScenario['change'] {
  if (!a) return 'only-b';
  if (!b) return 'only-a';
  if (b.passK !== a.passK) return b.passK > a.passK ? 'better' : 'worse';
  if (Math.abs(b.pass1 - a.pass1) > 1e-9) return b.pass1 > a.pass1 ? 'better' : 'worse';
  return 'same';
}

/**
 * Compares run `a` (the baseline) with run `b` (the candidate), scenario by scenario.
 * @example const diff = compareReports(await readReport('gpt.json'), await readReport('qwen.json')); console.log(diff.text);
 */
export function compareReports(a: Report, b: Report): Comparison {
  const byId = (r: Report) => new Map(r.scenarios.map((s) => [s.id, s]));
  const ma = byId(a);
  const mb = byId(b);
  const ids = [...new Set([...a.scenarios.map((s) => s.id), ...b.scenarios.map((s) => s.id)])];
  const scenarios = ids.map((id): ComparedScenario => {
    const sa = ma.get(id);
    const sb = mb.get(id);
    const any = (sa ?? sb)!;
    return { id, lang: any.lang, kind: any.kind, a: sa?.summary ?? null, b: sb?.summary ?? null, change: changeOf(sa?.summary ?? null, sb?.summary ?? null) };
  });
  const header = ['scenario', 'pass^1 A', 'pass^1 B', 'pass^k A', 'pass^k B', 'turns A', 'turns B', 'p50 A', 'p50 B', 'change'];
  const rows = scenarios.map((s) => [
    s.id, pct(s.a?.pass1), pct(s.b?.pass1), pct(s.a?.passK), pct(s.b?.passK), num(s.a?.turns, 1), num(s.b?.turns, 1),
    num(s.a?.latencyP50), num(s.b?.latencyP50), s.change === 'same' ? '' : s.change,
  ]);
  const count = (c: ComparedScenario['change']) => scenarios.filter((s) => s.change === c).length;
  const o = (r: Report) => `pass^1 ${pct(r.overall.pass1)} · pass^${r.k} ${pct(r.overall.passK)} · handoff ${pct(r.overall.handoffRate)} · guard ${r.overall.guardHits.toFixed(2)} · ${r.overall.turns.toFixed(1)} turns · p50 ${r.overall.latencyP50.toFixed(0)} ms · p95 ${r.overall.latencyP95.toFixed(0)} ms`;
  const text = [
    `A: ${runLabel(a)}`,
    `B: ${runLabel(b)}`,
    ...(a.k !== b.k ? [`Note: k differs (${a.k} vs ${b.k}); pass^k is stricter for the larger k.`] : []),
    '',
    table(header, rows, 1),
    '',
    `A overall: ${o(a)}`,
    `B overall: ${o(b)}`,
    `B against A: ${count('better')} better, ${count('worse')} worse, ${count('same')} the same${count('only-a') + count('only-b') ? `, ${count('only-a')} only in A, ${count('only-b')} only in B` : ''}.`,
  ].join('\n');
  return { a, b, scenarios, text };
}
