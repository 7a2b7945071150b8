// Tokens for retrieval that work for Chinese (character bigrams) and English (words), without a segmenter.
import { withSynonyms } from './synonyms.ts';

const STOP = new Set(['the', 'a', 'an', 'is', 'are', 'do', 'does', 'of', 'to', 'in', 'at', 'for', 'and', 'or', 'you', 'i', 'me', 'my', 'your', 'it', 'what', 'how', 'can', 'there', 'have', 'has', 'please']);
const ZH_FILLER = /[的了吗呢吧啊呀么是有在和与及请问我你您这那个]/gu;

/**
 * Bigrams of each run of Han characters (fillers removed) and lower-case words of each Latin run; colloquial words
 * also bring the word FAQ entries use (see synonyms.ts).
 * @example tokens('能开发票吗') // ['能开', '开发', '发票']
 */
export function tokens(text: string): string[] {
  const out: string[] = [];
  const t = withSynonyms(text.normalize('NFKC').toLowerCase());
  for (const run of t.match(/\p{Script=Han}+/gu) ?? []) {
    const r = run.replace(ZH_FILLER, '');
    if (r.length === 1) out.push(r);
    for (let i = 0; i + 1 < r.length; i++) out.push(r.slice(i, i + 2));
  }
  for (const w of t.match(/[a-z0-9]+/g) ?? []) if (!STOP.has(w) && w.length > 1) out.push(w.replace(/s$/, ''));
  return out;
}

/** How well `passage` answers `query`: shared tokens, weighted towards short passages. */
export function score(query: string[], passage: string[]): number {
  if (!query.length || !passage.length) return 0;
  const p = new Set(passage);
  let hits = 0;
  for (const q of new Set(query)) if (p.has(q)) hits++;
  return hits / Math.sqrt(new Set(query).size * Math.max(4, p.size));
}
