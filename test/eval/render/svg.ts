// Small inline SVG plots for the HTML reports: horizontal bars, paired bars and a histogram. No script, no network.

/** Escapes text for HTML and SVG. */
export function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** One bar: a label, a value in 0..max, and a colour class. */
export interface Bar {
  label: string;
  value: number;
  /** Shown at the end of the bar; default the value. */
  text?: string;
  tone?: 'good' | 'bad' | 'mid' | 'a' | 'b';
}

const ROW = 18;
const LABEL = 250;
const PLOT = 380;

/**
 * Horizontal bars, one row each, scaled to `max`.
 * @example hbars([{ label: 'zh-book', value: 0.75, text: '75%' }], 1, 'pass^1')
 */
export function hbars(bars: readonly Bar[], max: number, title: string): string {
  const h = bars.length * ROW + 30;
  const rows = bars.map((b, i) => {
    const y = 24 + i * ROW;
    const w = max > 0 ? Math.max(0, Math.min(1, b.value / max)) * PLOT : 0;
    return `<text x="${LABEL - 6}" y="${y + 12}" class="lbl">${esc(b.label)}</text>` +
      `<rect x="${LABEL}" y="${y + 2}" width="${w.toFixed(1)}" height="${ROW - 5}" class="${b.tone ?? 'mid'}"><title>${esc(b.label)}: ${esc(b.text ?? b.value)}</title></rect>` +
      `<text x="${(LABEL + w + 4).toFixed(1)}" y="${y + 12}" class="val">${esc(b.text ?? b.value)}</text>`;
  });
  return `<svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${LABEL + PLOT + 70} ${h}" width="${LABEL + PLOT + 70}" height="${h}">` +
    `<text x="0" y="14" class="ttl">${esc(title)}</text>` +
    `<line x1="${LABEL}" y1="20" x2="${LABEL}" y2="${h - 4}" class="axis"/>${rows.join('')}</svg>`;
}

/**
 * Two bars a row (a and b), for comparing two runs on the same scenarios.
 * @example pairedBars([{ label: 's1', a: 0.5, b: 1 }], 1, 'pass^1', (x) => `${x * 100}%`)
 */
export function pairedBars(rows: ReadonlyArray<{ label: string; a: number | null; b: number | null }>, max: number, title: string, fmt: (x: number) => string): string {
  const rh = ROW * 1.6;
  const h = rows.length * rh + 30;
  const bar = (v: number | null, y: number, tone: 'a' | 'b', label: string) => {
    if (v === null) return `<text x="${LABEL + 2}" y="${y + 7}" class="val">–</text>`;
    const w = max > 0 ? Math.max(0, Math.min(1, v / max)) * PLOT : 0;
    return `<rect x="${LABEL}" y="${y}" width="${w.toFixed(1)}" height="${ROW * 0.6}" class="${tone}"><title>${esc(label)} ${tone.toUpperCase()}: ${esc(fmt(v))}</title></rect>` +
      `<text x="${(LABEL + w + 4).toFixed(1)}" y="${y + 9}" class="val">${esc(fmt(v))}</text>`;
  };
  const body = rows.map((r, i) => {
    const y = 24 + i * rh;
    return `<text x="${LABEL - 6}" y="${y + 14}" class="lbl">${esc(r.label)}</text>${bar(r.a, y + 1, 'a', r.label)}${bar(r.b, y + 1 + ROW * 0.65, 'b', r.label)}`;
  });
  return `<svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${LABEL + PLOT + 80} ${h}" width="${LABEL + PLOT + 80}" height="${h}">` +
    `<text x="0" y="14" class="ttl">${esc(title)}</text><line x1="${LABEL}" y1="20" x2="${LABEL}" y2="${h - 4}" class="axis"/>${body.join('')}</svg>`;
}

/**
 * A histogram of `values` in `bins` equal bins from 0 to the largest value.
 * @example histogram(latencies, 20, 'Latency of a message (ms)')
 */
export function histogram(values: readonly number[], bins: number, title: string): string {
  const W = 640;
  const H = 180;
  const max = Math.max(1, ...values);
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v / max) * bins))]! += 1;
  const top = Math.max(1, ...counts);
  const bw = (W - 40) / bins;
  const rects = counts.map((c, i) => {
    const h = (c / top) * (H - 50);
    const from = Math.round((i / bins) * max);
    const to = Math.round(((i + 1) / bins) * max);
    return `<rect x="${(30 + i * bw).toFixed(1)}" y="${(H - 24 - h).toFixed(1)}" width="${(bw - 1).toFixed(1)}" height="${h.toFixed(1)}" class="mid"><title>${from}–${to} ms: ${c}</title></rect>`;
  });
  return `<svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}">` +
    `<text x="0" y="14" class="ttl">${esc(title)}</text>${rects.join('')}` +
    `<line x1="30" y1="${H - 24}" x2="${W - 10}" y2="${H - 24}" class="axis"/>` +
    `<text x="30" y="${H - 8}" class="val">0</text><text x="${W - 10}" y="${H - 8}" class="val" text-anchor="end">${Math.round(max)} ms</text>` +
    `<text x="26" y="${H - 24 - (H - 50)}" class="val" text-anchor="end">${top}</text></svg>`;
}

/** The page's styles: the plots' classes and a readable table. */
export const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;margin:24px;color:#1d2430;max-width:1100px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}.meta{color:#5b6472}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{padding:4px 8px;border-bottom:1px solid #e3e6ea;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}tr.fail td:first-child{border-left:3px solid #c8372d}tr.pass td:first-child{border-left:3px solid #2e8540}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #e3e6ea;border-radius:8px;padding:10px 14px;min-width:120px}
.card b{display:block;font-size:22px}svg{max-width:100%;height:auto;display:block;margin:8px 0}
svg .lbl{font-size:11px;text-anchor:end;fill:#1d2430}svg .val{font-size:11px;fill:#5b6472}svg .ttl{font-size:13px;font-weight:600;fill:#1d2430}
svg .axis{stroke:#9aa3ad}svg .good{fill:#2e8540}svg .bad{fill:#c8372d}svg .mid{fill:#4a78b5}svg .a{fill:#8a94a3}svg .b{fill:#4a78b5}
details{margin:6px 0}summary{cursor:pointer}.t{font-family:ui-monospace,Menlo,monospace;font-size:12px;white-space:pre-wrap;background:#f6f7f9;padding:8px;border-radius:6px}
.up{color:#2e8540}.down{color:#c8372d}`;
