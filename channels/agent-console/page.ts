// The agent console's page at `/agent`: a server-rendered shell (login, queue, transcript, actions) and its script.
import type { PageLang } from '../../src/http/pages/booking-texts.ts';
import { escapeHtml as e, jsonForScript } from '../../src/http/pages/escape.ts';
import { CONSOLE_SCRIPT } from './script.ts';

/** The console's labels, both languages. */
export const CONSOLE_TEXTS = {
  'zh-CN': {
    title: '人工客服台', email: '邮箱', password: '密码', login: '登录', logout: '退出', queued: '排队中', active: '处理中',
    reason: '原因', confidence: '置信度', channel: '渠道', waiting: '等待', transcript: '对话记录', author: '发送者',
    text: '内容', time: '时间', claim: '接入', reply: '发送回复', resolve: '结束', empty: '暂无', pick: '请从左侧选择一个会话',
    loginFailed: '登录失败', online: '实时', offline: '已断开', other: 'English', otherLang: 'en',
    statuses: { queued: '排队中', active: '处理中', resolved: '已解决', closed: '已关闭' },
  },
  en: {
    title: 'Agent console', email: 'Email', password: 'Password', login: 'Log in', logout: 'Log out', queued: 'Queued',
    active: 'Active', reason: 'Reason', confidence: 'Confidence', channel: 'Channel', waiting: 'Waiting',
    transcript: 'Transcript', author: 'Author', text: 'Text', time: 'Time', claim: 'Claim', reply: 'Send reply',
    resolve: 'Resolve', empty: 'None', pick: 'Pick a conversation on the left', loginFailed: 'Login failed',
    online: 'Live', offline: 'Disconnected', other: '中文', otherLang: 'zh-CN',
    statuses: { queued: 'Queued', active: 'Active', resolved: 'Resolved', closed: 'Closed' },
  },
} as const;

const CSS = `
[hidden]{display:none!important}
body{font:14px/1.4 system-ui,"WenQuanYi Micro Hei",sans-serif;margin:0;color:#111}
header{display:flex;gap:12px;align-items:center;padding:8px 16px;background:#0f766e;color:#fff}
header h1{font-size:16px;margin:0;flex:1} header a,header button{color:#fff}
#conn.online{color:#bbf7d0} #conn.offline{color:#fecaca}
main{display:grid;grid-template-columns:minmax(320px,1fr) 2fr;gap:16px;padding:16px}
table{border-collapse:collapse;width:100%;margin-bottom:12px} th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
tbody tr.h{cursor:pointer} tbody tr.h:hover,tbody tr.sel{background:#ccfbf1}
h2{font-size:14px;margin:8px 0}
#login{max-width:320px;margin:40px auto;display:grid;gap:8px} #login-error{color:#b91c1c}
textarea{width:100%;box-sizing:border-box} .actions{display:flex;gap:8px;margin:8px 0}
`;

/** The whole page. Every handoff and message is rendered by the script from JSON, with textContent. */
export function renderConsolePage(p: { lang: PageLang; nonce: string; apiBase: string }): string {
  const t = CONSOLE_TEXTS[p.lang];
  const th = (...cols: string[]) => `<thead><tr>${cols.map((c) => `<th>${e(c)}</th>`).join('')}</tr></thead>`;
  const queueHead = th(t.reason, t.confidence, t.channel, t.waiting);
  return `<!doctype html>
<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${e(t.title)}</title>
<style nonce="${p.nonce}">${CSS}</style>
</head>
<body>
<header><h1>${e(t.title)}</h1><span id="conn" role="status"></span>
<a href="?lang=${t.otherLang}" lang="${t.otherLang}">${e(t.other)}</a>
<button type="button" id="logout" hidden>${e(t.logout)}</button></header>
<form id="login" hidden>
<label>${e(t.email)} <input id="email" type="email" autocomplete="username" required></label>
<label>${e(t.password)} <input id="password" type="password" autocomplete="current-password" required></label>
<button id="login-button" type="submit">${e(t.login)}</button>
<p id="login-error" role="alert"></p>
</form>
<main id="desk" hidden>
<section>
<h2>${e(t.queued)}</h2><table id="queued">${queueHead}<tbody></tbody></table>
<h2>${e(t.active)}</h2><table id="active">${queueHead}<tbody></tbody></table>
</section>
<section>
<h2>${e(t.transcript)} <span id="status"></span></h2>
<p id="pick">${e(t.pick)}</p>
<div id="detail" hidden>
<table id="transcript">${th(t.time, t.author, t.text)}<tbody></tbody></table>
<div class="actions"><button type="button" id="claim">${e(t.claim)}</button><button type="button" id="resolve">${e(t.resolve)}</button></div>
<form id="reply-form"><textarea id="reply-text" rows="3" maxlength="4000"></textarea>
<button id="reply" type="submit">${e(t.reply)}</button></form>
</div>
</section>
</main>
<script type="application/json" id="console-data">${jsonForScript({ api: p.apiBase, texts: t })}</script>
<script nonce="${p.nonce}">${CONSOLE_SCRIPT}</script>
</body>
</html>
`;
}
