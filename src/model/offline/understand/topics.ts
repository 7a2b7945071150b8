// What a question asks about: a hotel's facts (早餐, 停车, 几点入住, 地址, 地铁…) or a general policy (发票, 付款).
import type { Scan } from './text.ts';

/** Topics answered from one hotel's details: [topic, how travellers ask about it]. */
const HOTEL_TOPICS: Array<[string, RegExp]> = [
  ['check_in_time', /几点(?:可以|能|才能)?(?:办理)?入住|入住时间|什么时候(?:可以|能)?(?:办理)?入住|最早(?:几点|什么时候)?(?:可以|能)?入住|提前入住|check[- ]?in time|check[- ]?in early|when can (?:i|we) check[- ]?in|early check[- ]?in|what time (?:is )?check[- ]?in/g],
  ['check_out_time', /几点(?:之?前)?(?:要|得|必须)?退房|退房时间|最晚(?:几点|什么时候)?退房|延迟退房|什么时候(?:要|得)?退房|check[- ]?out time|late check[- ]?out|what time (?:is )?check[- ]?out|when (?:do|must|should) (?:i|we) check[- ]?out/g],
  ['address', /地址|在哪(?:里|儿)?|具体位置|位置在|什么位置|怎么(?:去|走|过去)|where is|where's|address|located|location|how (?:do i|do we|to) get there/g],
  ['phone', /(?<!我的|我)(?:联系)?电话(?:号码)?|联系方式|phone number|telephone|contact number|call (?:them|the hotel)/g],
  ['cancellation', /取消政策|退订政策|免费取消|(?:能|可以|可不可以|能不能)(?:免费)?(?:取消|退订|退款|退)|取消(?:要|会)?(?:收费|扣钱|扣费)|退款|cancellation|free(?:ly)? cancel|cancel for free|can (?:i|we) cancel|refund/g],
  ['metro', /地铁|轨道交通|subway|metro|underground|tube/g],
  ['sights', /景点|好玩的|玩的地方|名胜|sights|attractions|things to do|sightseeing/g],
  ['restaurants', /餐馆|饭馆|吃饭的地方|美食|好吃的|restaurants? (?:nearby|around)|places to eat|where to eat/g],
  ['price', /多少钱|多钱|价格(?:是)?多少|价格(?:呢|怎么样|如何|贵)|价钱|房价(?:是)?多少|贵不贵|贵[吗么不]|是不是很贵|很贵吗|什么价|how much|what(?:'s| is) the (?:price|rate)|is it expensive/g],
  ['rating', /评分(?:是)?多少|评分(?:怎么样|怎样|咋样|如何|高[吗么不])|评价(?:怎么样|怎样|咋样|如何)|口碑(?:怎么样|怎样|咋样|如何)|what(?:'s| is) (?:the|its) rating|how (?:is|are) (?:the|its) reviews/g],
  ['grade', /什么类型|哪种类型|几星|星级(?:是)?多少|what type|how many stars|star rating/g],
  ['facilities', /有(?:什么|哪些)设施|设施(?:有哪些|怎么样|如何)|酒店设施(?:有)?(?:哪些|什么)|what facilities|what amenities/g],
  ['room_types', /(?:有)?(?:什么|哪些)房型|房型(?:有哪些|有什么)|what (?:room types|kinds of rooms)/g],
];

/** General policies, not about one hotel: [topic, how travellers ask]. */
const FAQ_TOPICS: Array<[string, RegExp]> = [
  ['invoice', /发票|开票|invoice|fapiao|receipt/g],
  ['payment', /付款|支付|付钱|怎么付|支付宝|微信支付|信用卡|刷卡|到店付|预付|payment|pay (?:by|with|at)|alipay|wechat pay|credit card|how (?:do|can) i pay/g],
  ['deposit', /押金|deposit/g],
  ['id_documents', /身份证|护照|证件|passport|\bid card\b|identification/g],
  ['foreigners', /外国人|外宾|foreigners?|foreign guests?|non-chinese/g],
  ['children', /儿童政策|带小孩|带孩子|小孩(?:可以|能)|加床|extra bed|children policy|kids allowed|bring (?:my |our )?(?:kids|children)/g],
];

/** Signs that a message asks rather than tells. */
export const QUESTION = /[吗么嘛?]|是否|政策|\bpolicy\b|\bwhat'?s\b|有没有|有无|提不提供|能不能|可不可以|行不行|多少|几点|什么|哪|怎么|如何|请问|告诉|发给我|发我|给我|发一下|发过来|说一下|说下|查一下|查下|提供一下|确认一下|了解一下|咋样|怎样|^(?:does|do|is|are|can|could|will|has|have|what|where|when|how|which)\b|\b(?:is there|are there|do you have|does it have|do they have|tell me|let me know|send me|give me)\b/;

/** A topic asked about, where it was named, and whether it is a general policy rather than a hotel's fact. */
export interface TopicMention {
  topic: string;
  at: number;
  faq: boolean;
}

/** Topics named, hotel facts and general policies, in the order named; claims what it reads. */
export function readTopics(scan: Scan): TopicMention[] {
  const out: TopicMention[] = [];
  const read = (list: Array<[string, RegExp]>, faq: boolean) => {
    for (const [topic, re] of list) for (const m of scan.matches(re)) out.push({ topic, at: m.index, faq });
  };
  read(FAQ_TOPICS, true);
  read(HOTEL_TOPICS, false);
  return out;
}
