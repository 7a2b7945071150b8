// The operator console's stylesheet (inline, under the page's nonce).

/** The console's CSS: a header, tabs, tables, forms, the month grid and the dashboard's tiles and bars. */
export const CONSOLE_CSS = `
[hidden]{display:none!important}
body{font:14px/1.4 system-ui,"WenQuanYi Micro Hei",sans-serif;margin:0;color:#111;background:#f8fafc}
header{display:flex;gap:12px;align-items:center;padding:8px 16px;background:#1e3a8a;color:#fff}
header h1{font-size:16px;margin:0;flex:1} header a{color:#fff} header select{max-width:240px}
header button{color:#fff;background:transparent;border:1px solid #fff;border-radius:3px;cursor:pointer}
p:empty{display:none}
nav{display:flex;gap:4px;padding:8px 16px 0;border-bottom:1px solid #cbd5e1;background:#fff;flex-wrap:wrap}
nav button{border:1px solid #cbd5e1;border-bottom:none;background:#e2e8f0;padding:6px 12px;cursor:pointer;border-radius:4px 4px 0 0}
nav button.on{background:#fff;font-weight:600}
main{padding:12px 16px} section.view{display:grid;gap:12px}
.cols{display:grid;grid-template-columns:minmax(320px,1fr) minmax(360px,1.3fr);gap:16px;align-items:start}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:6px;padding:10px 12px}
h2{font-size:15px;margin:4px 0 8px} h3{font-size:14px;margin:8px 0 4px}
table{border-collapse:collapse;width:100%} th,td{border:1px solid #e2e8f0;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f1f5f9} tbody tr.pick{cursor:pointer} tbody tr.pick:hover,tbody tr.sel{background:#dbeafe}
form.grid{display:grid;grid-template-columns:max-content 1fr;gap:6px 10px;align-items:center}
form.grid .full{grid-column:1/-1} form.row{display:flex;gap:8px;flex-wrap:wrap;align-items:end}
form.row label{display:grid;gap:2px}
input,select,textarea{font:inherit;padding:3px 5px} textarea{width:100%;box-sizing:border-box}
.error{color:#b91c1c;white-space:pre-wrap} .ok{color:#15803d}
#login{max-width:320px;margin:40px auto;display:grid;gap:8px}
.thumbs{display:flex;gap:6px;flex-wrap:wrap} .thumbs img{width:96px;height:64px;object-fit:cover;border:1px solid #cbd5e1}
table.cal td{height:74px;width:14.28%;font-size:12px;cursor:pointer} table.cal td.blank{background:#f8fafc;cursor:default}
table.cal td.closed{color:#94a3b8} table.cal td.stop{background:#fee2e2} table.cal td.full{background:#fef3c7}
table.cal td.sel{outline:2px solid #2563eb} table.cal .d{font-weight:600} table.cal .p{color:#1d4ed8}
.badge{display:inline-block;padding:0 4px;border-radius:3px;background:#dc2626;color:#fff;font-size:11px}
.weekdays label{margin-right:6px} .policy{display:grid;grid-template-columns:1fr 1fr;gap:4px}
.tiles{display:flex;gap:12px;flex-wrap:wrap} .tile{background:#fff;border:1px solid #e2e8f0;border-radius:6px;padding:8px 14px;min-width:120px}
.tile b{display:block;font-size:20px}
.bar{background:#e2e8f0;height:12px;min-width:120px;border-radius:3px;overflow:hidden} .bar span{display:block;height:100%;background:#2563eb}
.chart{min-height:240px}
pre{margin:0;white-space:pre-wrap;word-break:break-all;font-size:12px;max-height:200px;overflow:auto;background:#f8fafc}
tr.bot td{background:#f0f9ff} tr.trace td{background:#fff;font-size:12px}
.actions{display:flex;gap:8px;margin:8px 0;flex-wrap:wrap}
`;
