// The chat page's one style sheet: a full-height column that fits a phone, and widens into a centred panel.

/** The CSS of the chat page (inline, allowed by the page's nonce). */
export const CHAT_CSS = `
*{box-sizing:border-box}
html,body{height:100%}
body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","WenQuanYi Micro Hei","Segoe UI",Roboto,sans-serif;color:#1f2328;background:#e9eef2}
.app{display:flex;flex-direction:column;height:100vh;height:100dvh;max-width:760px;margin:0 auto;background:#f6f8fa}
@media (min-width:800px){.app{box-shadow:0 0 24px rgba(0,0,0,.08)}}
.bar{display:flex;align-items:center;gap:.75rem;padding:.7rem 1rem;background:linear-gradient(135deg,#0f766e,#0e7490);color:#fff}
.bar .who{flex:1;min-width:0}
.bar .brand{font-weight:700;font-size:1.05rem;margin:0}
.bar .sub{font-size:.8rem;opacity:.85;margin:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.conn{font-size:.75rem;padding:.15rem .55rem;border-radius:999px;background:rgba(255,255,255,.18);white-space:nowrap}
.conn::before{content:"";display:inline-block;width:.5rem;height:.5rem;border-radius:50%;margin-right:.35rem;background:#fbbf24;vertical-align:.05rem}
.conn.online::before{background:#4ade80}
.bar a,.bar button{color:#fff;font:inherit;font-size:.8rem;background:none;border:0;padding:0;text-decoration:none;cursor:pointer}
.bar .x{font-size:1.4rem;line-height:1}
.handoff{padding:.6rem 1rem;background:#fff7ed;color:#9a3412;border-bottom:1px solid #fed7aa;font-size:.9rem}
.handoff::before{content:"";display:inline-block;width:.55rem;height:.55rem;border-radius:50%;margin-right:.45rem;background:#ea580c;vertical-align:.05rem}
.log{flex:1;overflow-y:auto;padding:1rem .75rem;-webkit-overflow-scrolling:touch}
.msg{display:flex;flex-direction:column;align-items:flex-start;margin:0 0 .75rem}
.msg.me{align-items:flex-end}
.label{font-size:.75rem;color:#57606a;margin:0 .4rem .2rem}
.bubble{max-width:85%;padding:.6rem .85rem;border-radius:16px 16px 16px 4px;background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.08);white-space:pre-wrap;overflow-wrap:anywhere}
.me .bubble{background:#0f766e;color:#fff;border-radius:16px 16px 4px 16px}
.agent .bubble{background:#fff7ed;border:1px solid #fed7aa}
.system .bubble{background:#eef6ff;border:1px solid #c7dcf7}
.me.pending .bubble{opacity:.6}
.me.failed .bubble{background:#fff1f0;color:#a40e26;border:1px solid #ffa39e;cursor:pointer}
.me.failed .bubble::after{content:attr(data-failed);display:block;font-size:.75rem}
.typing .bubble{color:#57606a;font-style:italic}
.cards{width:100%;max-width:36rem;margin-top:.5rem}
.tier{margin:0 0 .6rem}
.tier h3{display:inline-block;margin:0 0 .35rem;padding:.05rem .6rem;border-radius:999px;font-size:.78rem;font-weight:600;color:#fff;background:#15803d}
.tier.comfort h3{background:#1d4ed8}
.tier.luxury h3{background:#b45309}
.card{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .75rem;background:#fff;border:1px solid #d8dee4;border-radius:12px;padding:.7rem .85rem;margin:0 0 .4rem}
.card .info{flex:1 1 12rem;min-width:0}
.card .name{font-weight:600;margin:0}
.card .room{font-size:.85rem;color:#57606a;margin:0}
.card .price{margin:.15rem 0 0}
.card .night{font-size:1.15rem;font-weight:700;color:#c2410c}
.card .per{font-size:.8rem;color:#57606a}
.card .total{font-size:.85rem;color:#57606a;margin-left:.5rem}
.card .book{flex:0 0 auto;padding:.45rem 1.1rem;border-radius:8px;background:#c2410c;color:#fff;font-weight:600;text-decoration:none}
.actions{display:flex;flex-wrap:wrap;gap:.4rem;margin-top:.5rem;max-width:85%}
.actions button{font:inherit;font-size:.9rem;padding:.35rem .9rem;border-radius:999px;border:1px solid #0f766e;background:#fff;color:#0f766e;cursor:pointer}
.actions button:disabled{border-color:#d0d7de;color:#8c959f;cursor:default}
.composer{display:flex;gap:.5rem;padding:.6rem .75rem calc(.6rem + env(safe-area-inset-bottom));background:#fff;border-top:1px solid #d8dee4}
.composer textarea{flex:1;resize:none;font:inherit;padding:.55rem .75rem;border:1px solid #d0d7de;border-radius:20px;max-height:8rem;min-height:2.6rem}
.composer button{font:inherit;font-weight:600;padding:0 1.1rem;border:0;border-radius:20px;background:#0f766e;color:#fff;cursor:pointer}
.composer button:disabled{background:#8c959f}
[hidden]{display:none!important}
`;
