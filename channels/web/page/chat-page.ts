// The chat page at `/`: a server-rendered shell (header, handoff banner, message log, composer) and its script.
import type { PageLang } from '../../../src/http/pages/booking-texts.ts';
import { escapeHtml as e, jsonForScript } from '../../../src/http/pages/escape.ts';
import { CHAT_SCRIPT } from './chat-script.ts';
import { CHAT_CSS } from './chat-style.ts';
import { CHAT_SCRIPT_TEXT_KEYS, CHAT_TEXTS } from './chat-texts.ts';

/** What the chat page shows. */
export interface ChatPageInput {
  lang: PageLang;
  nonce: string;
  /** Inside an operator's page (`/?embed=1`): a close button, and booking links that open on their own. */
  embed: boolean;
  /** Path prefix of the API as the browser sees it ('' at the root). */
  apiBase: string;
}

function header(p: ChatPageInput): string {
  const t = CHAT_TEXTS[p.lang];
  const other = p.lang === 'en' ? 'zh-CN' : 'en';
  const href = `?lang=${other}${p.embed ? '&embed=1' : ''}`;
  return `<header class="bar">
<div class="who"><p class="brand">${e(t.brand)}</p><p class="sub">${e(t.subtitle)}</p></div>
<span class="conn" id="conn" role="status">${e(t.connecting)}</span>
<a href="${e(href)}" hreflang="${other}" lang="${other}">${e(t.otherLang)}</a>
${p.embed ? `<button type="button" class="x" id="close" aria-label="${e(t.close)}">×</button>` : ''}
</header>`;
}

/**
 * The whole chat page. Every reply is rendered by the script from JSON; the server renders no traveller data.
 * @example sendPage(res, 200, (nonce) => renderChatPage({ lang: 'zh-CN', nonce, embed: false, apiBase: '' }));
 */
export function renderChatPage(p: ChatPageInput): string {
  const t = CHAT_TEXTS[p.lang];
  const data = {
    api: p.apiBase, lang: p.lang, embed: p.embed,
    texts: Object.fromEntries(CHAT_SCRIPT_TEXT_KEYS.map((k) => [k, t[k]])),
  };
  return `<!doctype html>
<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">
<meta name="referrer" content="no-referrer">
<meta name="theme-color" content="#0f766e">
<link rel="icon" href="data:,">
<title>${e(t.title)}</title>
<style nonce="${p.nonce}">${CHAT_CSS}</style>
</head>
<body${p.embed ? ' class="embed"' : ''}>
<div class="app">
${header(p)}
<div class="handoff" id="handoff" role="status" hidden>${e(t.handoffBanner)}</div>
<main class="log" id="log" role="log" aria-live="polite" aria-label="${e(t.chatLabel)}"></main>
<form class="composer" id="composer">
<textarea id="text" rows="1" maxlength="4000" enterkeyhint="send" aria-label="${e(t.messageLabel)}" placeholder="${e(t.placeholder)}"></textarea>
<button id="send" type="submit">${e(t.send)}</button>
</form>
</div>
<script type="application/json" id="chat-data">${jsonForScript(data)}</script>
<script nonce="${p.nonce}">${CHAT_SCRIPT}</script>
</body>
</html>
`;
}
