// What a server-rendered page reads from its request and the configuration: the language, and the API's path prefix.
import type { Request } from 'express';
import { pickLang, type PageLang } from './booking-texts.ts';

/**
 * The page's language: `?lang=`, else the browser's Accept-Language, else Chinese.
 * @example renderOperatorPage({ lang: pageLang(req), nonce, apiBase });
 */
export function pageLang(req: Request): PageLang {
  return pickLang(req.query.lang, (...langs) => req.acceptsLanguages(...langs));
}

/**
 * The path prefix under which the browser reaches the API: PUBLIC_URL's path, '' at the root (or without one).
 * @example apiBasePath('https://desk.example.com/tourdesk/') // '/tourdesk'
 */
export function apiBasePath(publicUrl: string | undefined | null): string {
  return publicUrl ? new URL(publicUrl).pathname.replace(/\/+$/, '') : '';
}
