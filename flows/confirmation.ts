// The server's own reading of a traveller's answer to a summary: an unambiguous yes, or not.

const YES = [
  '确认预订', '确认取消', '确认', '确定', '好的', '好滴', '好嘞', '好呀', '好啊', '好', '行', '可以', '没问题', '是的', '是', '对的', '对',
  '订吧', '订', '就这个', '就这家', '就它', '就订这个', '就订这家', '取消吧', '帮我订', '订了', '嗯嗯', '嗯', 'ok', 'okay', 'yes', 'yeah', 'yep', 'sure',
  'confirm', 'confirmed', 'book it', 'book', 'go ahead', 'do it', 'please do', 'sounds good', 'that is fine', 'thats fine',
  'fine', 'great', 'perfect', 'correct', 'right', 'cancel it',
];
const FILLER = ['请', '吧', '呀', '啊', '了', '的', '哈', '呢', '那', '就', '麻烦', '谢谢', '吧', 'please', 'thanks', 'thank you', 'then', 'yes please', 'ok then', 'pls'];
const NEGATION = /(不|别|没|否|算了|等等|等一下|再想想|换|改|但是|可是|不过|还是|或者|\bno\b|\bnot\b|don't|dont|\bwait\b|\bbut\b|\bchange\b|\bdifferent\b|\binstead\b|\bhold on\b|\bnever ?mind\b|\bnope\b|\bnah\b|\?|？)/i;

const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s!！。.,，~～、]+/g, ' ').trim();

/**
 * True only for a short answer made of yes-words (and politeness): "确认", "好的订吧", "yes, book it".
 * Anything with a negation, a change, a question or other content is not a yes.
 * @example isAffirmative('好的，订吧！') // true
 * @example isAffirmative('好的，不过换成后天') // false
 */
export function isAffirmative(text: string): boolean {
  const t = fold(text);
  // Yes-words that contain a negating character ("没问题", "没错", "不错") are yes-words first.
  if (!t || t.length > 30 || NEGATION.test(t.replace(/没问题|没错|不错/g, ''))) return false;
  let rest = ` ${t} `;
  // Yes-words before politeness: "取消吧", "就这家" hold filler characters that would otherwise be taken first.
  for (const y of [...YES].sort((a, b) => b.length - a.length)) rest = rest.split(/^[a-z]/.test(y) ? ` ${y} ` : y).join(' ');
  for (const f of [...FILLER].sort((a, b) => b.length - a.length)) rest = rest.split(/^[a-z]/.test(f) ? ` ${f} ` : f).join(' ');
  const leftover = rest.replace(/\s+/g, '');
  return leftover.length === 0 && /\S/.test(t);
}

/** The action id a tapped button carries: `confirm:<id>` or `{action: 'confirm', actionId}`; else undefined. */
export function confirmedActionId(payload: unknown): string | undefined {
  if (typeof payload === 'string' && payload.startsWith('confirm:')) return payload.slice('confirm:'.length);
  if (payload && typeof payload === 'object') {
    const p = payload as { action?: unknown; actionId?: unknown };
    if (p.action === 'confirm' && typeof p.actionId === 'string') return p.actionId;
  }
  return undefined;
}

/** True when a tapped button declines an action. */
export function declinedActionId(payload: unknown): string | undefined {
  if (typeof payload === 'string' && payload.startsWith('decline:')) return payload.slice('decline:'.length);
  if (payload && typeof payload === 'object') {
    const p = payload as { action?: unknown; actionId?: unknown };
    if (p.action === 'decline' && typeof p.actionId === 'string') return p.actionId;
  }
  return undefined;
}
