// The bot's fixed words in both languages: safe replies, handoff notices, button titles.
import type { GuardHit, Locale } from '../src/bot/index.ts';

const zh = (l: Locale) => l !== 'en';

/** What the traveller reads when the bot will not risk an answer. */
export function safeReply(locale: Locale, why: 'ungrounded' | 'model_failed' | 'too_many_steps'): string {
  if (why === 'model_failed') {
    return zh(locale) ? '抱歉，我这边暂时无法处理您的请求，已为您转接人工客服。' : "Sorry, I can't handle this right now; I'm passing you to a colleague.";
  }
  return zh(locale)
    ? '抱歉，这个信息我需要再核实一下，以免给您不准确的答复。您可以换个说法，或让我为您转接人工客服。'
    : "Sorry, I'd rather double-check that than give you something inaccurate. Could you rephrase, or shall I get a colleague?";
}

/** The note the model gets when its draft stated something no tool returned. */
export function correctionNote(hits: GuardHit[]): string {
  const list = hits.map((h) => `${h.kind}: ${h.value}`).join('; ');
  return `Your last draft stated facts that no tool result in this conversation contains (${list}). Rewrite it using only hotels, prices and reservation codes returned by the tools; call a tool if you need more facts. Never claim a booking that the confirm tool did not make.`;
}

/** What the traveller is told when the conversation goes to a person. */
export function handoffNotice(locale: Locale, reason: string): string {
  if (zh(locale)) {
    return reason === 'traveller_request' ? '好的，已为您转接人工客服，请稍候，客服会尽快回复您。' : '为了更好地帮助您，我已请人工客服接手，请稍候。';
  }
  return reason === 'traveller_request' ? "Of course — I've passed you to a colleague, who will reply shortly." : "To make sure you're well looked after, I've asked a colleague to take over. They'll reply shortly.";
}

/** How a tapped button reads to the model when the traveller typed nothing. */
export function describePayload(payload: unknown, locale: Locale): string {
  if (typeof payload === 'string') {
    if (payload.startsWith('confirm:')) return zh(locale) ? '确认' : 'Yes, confirm.';
    if (payload.startsWith('decline:')) return zh(locale) ? '不用了，先不订' : "No, don't do it.";
    return payload.slice(0, 500);
  }
  return payload === undefined ? '' : JSON.stringify(payload).slice(0, 500);
}

/** Said when no model is configured at all. */
export function notConfigured(locale: Locale): string {
  return zh(locale)
    ? '抱歉，智能客服尚未配置语言模型（LLM_BASE_URL）。请联系管理员，或稍后再试。'
    : 'Sorry, no language model is configured for this assistant yet (LLM_BASE_URL). Please contact the administrator.';
}

/** Titles of the buttons under a summary. */
export function actionTitles(locale: Locale, kind: 'book' | 'cancel'): { confirm: string; decline: string } {
  if (zh(locale)) return kind === 'book' ? { confirm: '确认预订', decline: '先不订' } : { confirm: '确认取消', decline: '保留预订' };
  return kind === 'book' ? { confirm: 'Confirm booking', decline: 'Not now' } : { confirm: 'Cancel it', decline: 'Keep it' };
}
