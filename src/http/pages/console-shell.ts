// The shell the staff consoles share: the document's head, and the sign-in form their scripts show and hide.
import type { PageLang } from './booking-texts.ts';
import { escapeHtml as e } from './escape.ts';

/** What the head needs. `css` is the console's inline style sheet; `links` is extra head markup, already escaped. */
export interface ConsoleHeadInput {
  lang: PageLang;
  nonce: string;
  title: string;
  css: string;
  links?: string;
}

/**
 * The document up to and including `<body>`: no referrer, no favicon request, the inline style allowed by nonce.
 * @example `${consoleHead({ lang: 'en', nonce, title: 'Operator console', css: CSS })}<header>…</header></body></html>`
 */
export function consoleHead(p: ConsoleHeadInput): string {
  return `<!doctype html>
<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${e(p.title)}</title>
${p.links ? `${p.links}\n` : ''}<style nonce="${p.nonce}">${p.css}</style>
</head>
<body>
`;
}

/** The sign-in form's texts. */
export interface ConsoleLoginTexts {
  email: string;
  password: string;
  login: string;
}

/**
 * The hidden sign-in form (`#login`, `#email`, `#password`, `#login-button`, `#login-error`) the console's script shows.
 * @example consoleLoginForm({ email: 'Email', password: 'Password', login: 'Sign in' }, 'error')
 */
export function consoleLoginForm(t: ConsoleLoginTexts, errorClass?: string): string {
  const cls = errorClass ? ` class="${e(errorClass)}"` : '';
  return `<form id="login" hidden>
<label>${e(t.email)} <input id="email" type="email" autocomplete="username" required></label>
<label>${e(t.password)} <input id="password" type="password" autocomplete="current-password" required></label>
<button id="login-button" type="submit">${e(t.login)}</button>
<p id="login-error"${cls} role="alert"></p>
</form>`;
}
