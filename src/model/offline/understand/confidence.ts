// How sure the understanding is: by what was recognised and how much of the message it explains.
import type { Intent } from '../understanding.ts';
import type { Scan } from './text.ts';

// Words that carry no slot but are understood: fillers, politeness, and the ordinary wording of a hotel request.
const FILLERS = new RegExp(
  [
    '预算|价格|价位|房价|每晚|一晚|一点|点|些|换成|改成|改到|换到|改为|调到|推迟到|提前到|变成|\\b(?:change|switch|move)(?: it)? to\\b|\\binstead\\b',
    '你好|您好|请问|请|麻烦(?:你|您)?|帮(?:我|我们|忙)?|给(?:我|我们)?|能不能|能否|可不可以|可以|能|想要|想|要|需要|希望|打算|准备|计划|最好|一下|一家|一个|一间|一些',
    '我们|我|你们|你|您|咱们|的|了|吧|呢|吗|啊|呀|哦|嘛|哈|就|还|再|也|都|和|与|及|并且|而且|还有|然后|另外|那么|那|这|个|家|是|在|为|有|没有|吗|么',
    '找|推荐|介绍|安排|酒店|宾馆|旅馆|住宿|住|入住|地方|房间|房|订|预订|预定|好|行|谢谢|多谢|下|呗|嗯|哪|些|里|去|玩|出差|旅游|来|到|过|带|提供|服务|设施|类型|价格|价位|评分|以上|以内|之间|左右|元|人|晚|天',
    '\\b(?:i|i\'d|i\'m|we|we\'d|me|my|our|us|you|your|a|an|the|to|for|in|at|on|of|with|and|or|please|can|could|would|will|want|need|like|looking|find|hotel|hotels|room|rooms|stay|is|are|be|it|that|this|some|any|do|does|have|has|there|what|how|show|book|get|around|near|from|hi|hello|thanks|thank|just|also|one|place|somewhere|something|good|nice|budget|price|per|night|please|then|ok|actually|make|let\'s|instead|change|dates?)\\b',
  ].join('|'),
  'g',
);

const STRONG: Intent[] = ['human', 'cancel_booking', 'my_bookings', 'book', 'give_contact', 'greet', 'thanks', 'affirm', 'deny'];

/**
 * A score in [0, 1]: nothing recognised → 0.1 (0.05 when the message has no word at all); only out of domain → 0.2;
 * otherwise 0.45 plus up to 0.5 by the share of the message explained, +0.05 for an unmistakable intent, and at most
 * 0.6 when part of the message is out of domain.
 */
export function scoreConfidence(scan: Scan, intents: Intent[], slotCount: number): number {
  for (const _ of scan.matches(FILLERS));
  const coverage = scan.coverage();
  const round = (x: number) => Math.round(Math.min(0.98, Math.max(0, x)) * 100) / 100;
  if (intents.length === 0 || (intents.length === 1 && intents[0] === 'unknown')) {
    return /[\p{L}\p{N}]/u.test(scan.text) ? 0.1 : 0.05;
  }
  const ood = intents.includes('out_of_domain');
  if (ood && intents[0] === 'out_of_domain') return slotCount > 0 ? 0.25 : 0.2;
  let c = 0.45 + 0.5 * coverage;
  if (intents.some((i) => STRONG.includes(i)) || slotCount >= 2) c += 0.05;
  if (ood) c = Math.min(c, 0.6);
  return round(c);
}
