// The shell of a server-rendered page: document, viewport, and the one inline style sheet (allowed by nonce).
import type { PageLang } from './booking-texts.ts';
import { escapeHtml } from './escape.ts';

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f4f5f7}
main{max-width:34rem;margin:0 auto;padding:1rem}
.card{background:#fff;border-radius:12px;padding:1.25rem;margin-bottom:1rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:1.35rem;margin:0 0 .25rem}
h2{font-size:1.1rem;margin:0 0 .75rem}
.sub{color:#57606a;margin:0 0 1rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem;margin:0}
dt{color:#57606a}
dd{margin:0;text-align:right}
dd.total{font-size:1.25rem;font-weight:700;color:#c2410c}
.note{font-size:.9rem;color:#57606a;margin:.75rem 0 0}
.notice{border-left:4px solid #c2410c;background:#fff7ed}
label{display:block;margin:.75rem 0 .25rem;color:#57606a}
input{width:100%;font:inherit;padding:.6rem .7rem;border:1px solid #d0d7de;border-radius:8px}
input[readonly]{background:#f6f8fa}
button{width:100%;margin-top:1rem;font:inherit;font-weight:600;padding:.75rem;border:0;border-radius:8px;background:#0969da;color:#fff}
button:disabled{background:#8c959f}
.status{margin:1rem 0 0;padding:.75rem;border-radius:8px}
.status.error{background:#fff1f0;color:#a40e26}
.code{font-size:1.6rem;font-weight:700;letter-spacing:.08em;margin:.25rem 0}
[hidden]{display:none!important}
`;

/** What a page puts into the shell. `body` and `tail` are HTML the caller has already escaped. */
export interface LayoutInput {
  lang: PageLang;
  title: string;
  nonce: string;
  body: string;
  /** Markup after `<main>`: data blocks and the script. */
  tail?: string;
}

/**
 * A complete HTML document around `body`.
 * @example renderLayout({ lang: 'en', title: 'Booking', nonce, body: '<p>Hi</p>' })
 */
export function renderLayout(p: LayoutInput): string {
  return `<!doctype html>
<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(p.title)}</title>
<style nonce="${p.nonce}">${CSS}</style>
</head>
<body>
<main>
${p.body}
</main>
${p.tail ?? ''}
</body>
</html>
`;
}
