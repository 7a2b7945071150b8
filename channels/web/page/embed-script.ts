// `GET /embed.js`: a floating chat button for an operator's own site that opens the chat (`/?embed=1`) in an iframe.

/**
 * Plain ES2017, served as is. It finds the chat's origin from its own `src`, so the same file works for any
 * deployment. Styles are set through the CSSOM (`el.style`), which a host page's CSP does not block, and every
 * name is prefixed so the host page's CSS does not reach it.
 *
 * Attributes of the `<script>` tag: `data-lang` (`zh-CN` or `en`; default from the browser), `data-position`
 * (`right` or `left`), `data-label` (the button's text), `data-color` (a CSS colour).
 */
export const EMBED_SCRIPT = String.raw`(function () {
  'use strict';
  var me = document.currentScript;
  if (!me || window.__tourdeskChat) return;
  window.__tourdeskChat = true;
  var src = new URL(me.src, location.href);
  var base = src.origin + src.pathname.replace(/\/embed\.js$/, '');
  var asked = me.getAttribute('data-lang');
  var lang = asked === 'en' || asked === 'zh-CN' ? asked : (/^zh/i.test(navigator.language || '') ? 'zh-CN' : 'en');
  var side = me.getAttribute('data-position') === 'left' ? 'left' : 'right';
  var label = me.getAttribute('data-label') || (lang === 'en' ? 'Chat with us' : '在线咨询');
  var color = me.getAttribute('data-color') || '#0f766e';
  var phone = window.matchMedia('(max-width: 600px)');
  var button, panel, frame, open = false;

  function css(node, styles) { for (var k in styles) node.style[k] = styles[k]; }

  function layout() {
    if (!panel) return;
    if (phone.matches) css(panel, { top: '0', bottom: '0', left: '0', right: '0', width: '100%', height: '100%', borderRadius: '0' });
    else css(panel, { top: 'auto', bottom: '88px', left: side === 'left' ? '20px' : 'auto', right: side === 'right' ? '20px' : 'auto',
      width: '380px', height: 'min(640px, calc(100vh - 120px))', borderRadius: '14px' });
  }

  function show(on) {
    open = on;
    if (on && !panel) {
      panel = document.createElement('div');
      panel.id = 'tourdesk-chat-panel';
      css(panel, { position: 'fixed', zIndex: '2147483646', overflow: 'hidden', boxShadow: '0 12px 40px rgba(0,0,0,.25)', background: '#fff' });
      frame = document.createElement('iframe');
      frame.src = base + '/?embed=1&lang=' + encodeURIComponent(lang);
      frame.title = label;
      css(frame, { border: '0', width: '100%', height: '100%', display: 'block' });
      panel.appendChild(frame);
      document.body.appendChild(panel);
      layout();
    }
    if (panel) panel.style.display = on ? 'block' : 'none';
    button.setAttribute('aria-expanded', String(on));
    // Full screen on a phone: the button would cover the chat's own send button.
    button.style.display = on && phone.matches ? 'none' : 'block';
  }

  function mount() {
    button = document.createElement('button');
    button.id = 'tourdesk-chat-button';
    button.type = 'button';
    button.textContent = label;
    button.setAttribute('aria-expanded', 'false');
    css(button, { position: 'fixed', zIndex: '2147483647', bottom: '20px', padding: '12px 20px', border: '0', borderRadius: '999px',
      background: color, color: '#fff', font: '600 15px/1.2 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif',
      boxShadow: '0 6px 20px rgba(0,0,0,.2)', cursor: 'pointer' });
    button.style[side] = '20px';
    button.addEventListener('click', function () { show(!open); });
    document.body.appendChild(button);
  }

  window.addEventListener('message', function (e) {
    if (e.origin === src.origin && e.data && e.data.tourdesk === 'close') show(false);
  });
  if (phone.addEventListener) phone.addEventListener('change', function () { layout(); if (open) show(true); });
  if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);
})();
`;
