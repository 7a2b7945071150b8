// The traveller's language, and an explicit request for a person, in any language we serve.
import type { Locale } from './turn.ts';

/** Chinese when the text has Han characters, English when it has Latin letters, else `fallback`. */
export function detectLocale(text: string, fallback: Locale = 'zh-CN'): Locale {
  if (/\p{Script=Han}/u.test(text)) return 'zh-CN';
  if (/[A-Za-z]{2,}/.test(text)) return 'en';
  return fallback;
}

const HUMAN = /(转人工|人工客服|人工服务|找人工|真人|客服人员|接人工|要人工|human|real person|a person|an agent|live agent|speak to (?:someone|somebody)|talk to (?:someone|somebody)|customer service representative|operator please)/i;

/** True when the traveller asks for a person. */
export function asksForHuman(text: string): boolean {
  return HUMAN.test(text);
}
