// Whose constraint and which role: a facility asked of one hotel or wished for; a rating of the hotel or of a sight.
import { QUESTION } from './topics.ts';

// Asking about a hotel rather than searching: "这家有停车场吗" asks; "有停车场的酒店吗", "哪家有停车场", "有提供X的吗"
// search; so does a sentence that also sets a constraint (a grade, a price, a rating).
const SEARCHING = /找|推荐|介绍|挑|物色|安排|订|预定|预约|哪(?!里|儿)|这些|那些|这几|那几|有没有[^，。,.?？]{0,20}的(?:酒店|宾馆|地方)|有[^，。,.?？]{0,24}的[^，。,.?？]{0,6}(?:酒店|宾馆)|的(?:吗|呢|么|没有?)?\s*[?？]?$|想住|要住|希望|最好|必须|需要|(?:经济|舒适|高档|豪华)\s*型|分以上|\d\s*(?:元|块)|\b(?:find|looking for|recommend|search|suggest|need|want|hotels? with|a hotel|which|any hotels?)\b/;
// Sentences, and questions within one: "有行李寄存吗，周边有哪些景点" asks two things.
const SENTENCE = /(?:[^。！？!?；;\n吗么]|[吗么](?![，,]))+(?:[吗么][，,]|[。！？!?；;\n])*/g;

// The sentences of the last text split: a message is asked about several times in a row.
let lastText = '';
let lastSentences: Array<{ start: number; end: number; text: string }> = [];

/** The sentence of `text` around index `at`. */
export function sentenceAt(text: string, at: number): string {
  if (text !== lastText) {
    lastText = text;
    lastSentences = [...text.matchAll(SENTENCE)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0].trim() }));
  }
  return lastSentences.find((s) => at >= s.start && at < s.end)?.text ?? '';
}

/** True when the sentence around `at` asks something. */
export function asksAt(text: string, at: number): boolean {
  return QUESTION.test(sentenceAt(text, at));
}

// Words that ask for hotels: a policy named in such a sentence ("找一家能接待外宾的酒店") is a wish, not a question.
const SEARCH_VERBS = /找|推荐|介绍|物色|挑选|\b(?:find|looking for|recommend|search|suggest)\b/;

/** True when the sentence around `at` asks about a general policy (发票, passport), not for hotels. */
export function asksAboutPolicy(text: string, at: number): boolean {
  const sentence = sentenceAt(text, at);
  return QUESTION.test(sentence) && !SEARCH_VERBS.test(sentence);
}

/** True when the sentence around `at` asks about one hotel, rather than asking for hotels with it. */
export function asksAboutOneHotel(text: string, at: number): boolean {
  const sentence = sentenceAt(text, at);
  return QUESTION.test(sentence) && !SEARCHING.test(sentence);
}

// The place a constraint is about: the first venue named after it in its sentence ("…的景点", "一家餐馆"), else the
// last one named before it ("周边的餐馆有没有4分以上的").
const VENUE_SOURCE = /(?:的|个|家|一)[^，,。的]{0,4}?(?:景点|景区|公园|博物馆|餐馆|饭馆|馆子|小吃|美食|餐厅|地方吃)|就餐|用餐|游玩|\b(?:attractions?|sights?|museums?|parks?|restaurants?)\b|(酒店|宾馆|旅馆|民宿|客栈|住宿|住|店|房|\bhotels?\b|\bstay\b|\brooms?\b)/.source;
const VENUE = new RegExp(VENUE_SOURCE, 'g');
const FIRST_VENUE = new RegExp(VENUE_SOURCE);

/** True when the constraint ending at `end` is about a sight or a restaurant (评分4.5分以上的景点, 人均…的餐馆). */
export function forAnotherVenue(text: string, end: number): boolean {
  const after = /^[^。！？!?；;\n]*/.exec(text.slice(end))![0];
  const next = FIRST_VENUE.exec(after);
  if (next) return !next[1];
  const before = /[^。！？!?；;\n]*$/.exec(text.slice(0, end))![0];
  const all = [...before.matchAll(VENUE)];
  const last = all[all.length - 1];
  return Boolean(last && !last[1]);
}
