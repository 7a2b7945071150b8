// The console's inline script: its parts (core, conversation, side panel, booking tools) in one IIFE.
import { CONTEXT_SCRIPT } from './script-context.ts';
import { CONVERSATION_SCRIPT } from './script-conversation.ts';
import { CORE_SCRIPT } from './script-core.ts';
import { TOOLS_SCRIPT } from './script-tools.ts';

/**
 * Plain ES2017, no build step. Reads `#console-data`, builds every node with textContent (messages are untrusted
 * text) and uses no inline handlers, since the CSP admits only this nonce-carrying script.
 * @example `<script nonce="${nonce}">${CONSOLE_SCRIPT}</script>`
 */
export const CONSOLE_SCRIPT = `(function () {
  'use strict';
${CORE_SCRIPT}
${CONVERSATION_SCRIPT}
${CONTEXT_SCRIPT}
${TOOLS_SCRIPT}
  $('login').addEventListener('submit', async function (ev) {
    ev.preventDefault();
    $('login-error').textContent = '';
    var r = await fetch(data.api + '/v1/operator/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: $('email').value, password: $('password').value }),
    });
    if (!r.ok) { $('login-error').textContent = t.loginFailed; return; }
    token = (await r.json()).token;
    try { sessionStorage.setItem(KEY, token); } catch (e) { /* ignore */ }
    start().catch(function (e) { $('login-error').textContent = e.message; });
  });
  $('logout').addEventListener('click', logout);

  if (token) start().catch(function () { logout(); }); else $('login').hidden = false;
})();
`;
