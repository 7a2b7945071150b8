// What the traveller wants to do, from cue words and from what the other readers found.
import type { Intent, Understanding } from '../understanding.ts';
import { BLANK, type Scan } from './text.ts';

const HUMAN = /转人工|投诉|\bcomplain(?:t)?\b|人工客服|人工服务|找人工|接人工|要人工|转接人工|人工坐席|^人工$|真人|客服人员|找客服|联系客服|叫客服|活人|找(?:你们)?经理|\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+|an\s+|the\s+|your\s+)?(?:real\s+|live\s+)?(?:human|person|someone|somebody|agent|representative|rep|manager|staff|operator)\b|\b(?:real|live)\s+(?:person|human|agent)\b|\bhuman agent\b|\bcustomer service\b|^(?:agent|human|operator|representative)(?: please)?$/g;
const CANCEL = /取消(?:我的|一下|掉|这个|那个)?(?:预订|预定|订单|订房|预约|房间|酒店)|退订|退掉(?:房间|订单|预订)?|把(?:订单|预订|房间)取消|\bcancel\s+(?:my|the|this|that|our)?\s*(?:booking|reservation|order|room|stay)\b/g;
const MY_BOOKINGS = /我的(?:订单|预订|预定|预约|房间)|查(?:一下|询|看|查)?(?:我的)?(?:订单|预订|预定)|订单(?:查询|状态|详情|信息)|订了(?:哪些|什么|几个)|有(?:哪些|几个)订单|\bmy\s+(?:bookings?|reservations?|orders?|stays?)\b|\b(?:check|see|show|view|find|look up|list)\s+(?:my\s+)?(?:bookings?|reservations?)\b|\b(?:booking|reservation) (?:status|details)\b/g;
// Booking a hotel pointed at: 订这家, 预订第二家, 就它了, 就去这家吧, 选豪华那家; "去这家餐馆附近" is no booking.
const REF_AHEAD = '(?=这家|那家|这个|那个|这间|那间|它|第|最后|便宜|贵|经济|舒适|高档|豪华)';
const BOOK = new RegExp(
  [
    `(?:就|那就|我要|我想|帮我|给我)?(?:订|预订|预定|订下|下单|选|要订|想订)(?:了|吧)?${REF_AHEAD}`,
    '就(?:它|这家|那家|这个|那个)了?',
    '(?:就|那就|决定|我要|我们要)(?:选|订|要|去|住)(?:它家?|这家|那家|这个|那个|这间|那间)',
    '(?:去|住|要)(?:它家?|这家|那家|这个|那个)(?:酒店|宾馆)?(?:吧|了|好了)',
    '订这个|订那个|订它|帮我订吧|给我订吧|确认预订|我要订',
    "\\b(?:book|reserve)\\s+(?:it|that|this|the\\s+\\w+(?:\\s+one)?|one)\\b",
    "\\b(?:i'll|i will|we'll|we will|let's|lets)\\s+(?:take|book|go with)\\b",
    '\\bgo with\\b',
    '\\bbook (?:a )?room there\\b',
  ].join('|'),
  'g',
);
const SEARCH = /找|推荐|介绍|物色|挑(?:选|一)?|安排|住宿|住店|订(?:个|一个|一间|间)?(?:酒店|房|宾馆)|酒店|宾馆|旅馆|民宿|住的地方|住处|落脚|想住|要住|入住|订房|开房|房间|\bhotels?\b|\brooms?\b|\bstay\b|accommodation|a place to stay|\bfind\b|looking for|recommend|\bsearch\b|suggest|\bneed a\b|\bbook a\b/g;
const THANKS = /谢谢|多谢|感谢|谢啦|谢了|辛苦了|再见|拜拜|回头见|\bthanks?\b|thank you|\bthx\b|\bty\b|\bbye\b|goodbye|see you|cheers/g;
const GREET = /^(?:你好|您好|嗨|哈喽|哈罗|喂|在吗|在么|在不在|早上好|上午好|下午好|晚上好|早安|hi|hello|hey|hiya|good (?:morning|afternoon|evening)|greetings)(?:呀|啊|哦)?/g;
const OUT_OF_DOMAIN = /天气|下雨|下雪|气温|温度多少|雾霾|机票|航班|飞机票|火车票|高铁票|动车票|车票|笑话|股票|基金|新闻|翻译|写(?:一)?首诗|作诗|唱(?:首)?歌|足球|篮球|比赛|彩票|算命|星座|电影|音乐|菜谱|做饭|作业|数学|编程|代码|签证|打车|叫车|外卖|\bweather\b|\brain\b|\bsnow\b|temperature|\bflights?\b|plane tickets?|airfare|air tickets?|train tickets?|\bjoke\b|\bstocks?\b|\bnews\b|\bpoem\b|\bsong\b|\bmovies?\b|football|soccer|basketball|lottery|horoscope|recipe|homework|\bmath\b|\bvisa\b|\btaxi\b|\buber\b|food delivery/g;

const AFFIRM = /^(?:(?:yes|yeah|yep|yup|sure|ok(?:ay)?)\s+(?:(?:that'?s|that is|it'?s|it is|all|sounds|looks)\s+)?(?:correct|right|fine|good|great|perfect|ok|okay)|(?:that'?s|that is|it'?s|it is|all|sounds|looks)\s+(?:correct|right|fine|good|great|perfect)|好的?|好啊|好吧|好嘞|好滴|好呀|行|行啊|行吧|可以(?:的)?|没问题|是的?|是啊|对的?|对啊|没错|嗯+|恩+|确认(?:预订|预定|取消|订单|下单)?|确定|同意|当然|要的?|就这样|就这么办|那就这样|ok(?:ay)?|okk|yes|yep|yeah|yup|sure|confirm(?:ed)?|correct|right|sounds good|go ahead|please do|do it|alright|all right|fine|perfect|great|deal|absolutely|of course|that's right|that is right|exactly)$/;
const DENY = /^(?:不|不要|不用|不了|先不订|先不订了|不订|先不|保留预订|保留订单|不取消|don't do it|do not do it|keep it|keep the booking|not now|不行|不是|不对|没有|算了|不订了|不要了|先不|先不用|暂时不|再说|再看看|我再想想|不需要|取消|cancel|no|nope|nah|not now|not yet|never mind|nevermind|no thanks|no thank you|not really|i don't think so|maybe later|don't|wrong|incorrect|wrong (?:dates?|hotel|name|number|city)|(?:that'?s|it'?s) (?:not right|wrong|incorrect)|not (?:correct|right)|日期不对|不是这个|搞错了|错了)$/;
// Politeness around a yes or a no: "好的，谢谢", "yes please", "ok then".
const POLITE = /谢谢|谢了|多谢|请|麻烦了?|\b(?:please|thanks|thank you|then|so)\b|^那就?/g;

/** What intents.ts needs to know of the other readers' findings. */
export interface Findings {
  searchSlots: boolean;
  hotelRef: boolean;
  /** The reference asks for something cheaper or pricier than what was shown: a new search. */
  refinesSearch: boolean;
  hotelQuestion: boolean;
  faq: boolean;
  contact: boolean;
  code: boolean;
}

/**
 * The intents of the message, most specific first. Yes and no are read only when the message is little else than
 * a yes or a no ("好的", "好的，就订这家"; not "好的，再帮我找一家"), so a pending confirmation is never taken by accident.
 */
export function readIntents(scan: Scan, f: Findings): Intent[] {
  const intents: Intent[] = [];
  const add = (i: Intent) => {
    if (!intents.includes(i)) intents.push(i);
  };
  const has = (re: RegExp) => {
    for (const _ of scan.matches(re)) return true;
    return false;
  };
  // Booking cues are read on the whole text: "订这家" is a booking although the reference reader took "这家".
  const hasInFull = (re: RegExp) => {
    let found = false;
    for (const m of scan.lower.matchAll(re)) {
      found = true;
      if (scan.isFree(m.index, m.index + m[0].length)) scan.claim(m.index, m.index + m[0].length);
    }
    return found;
  };
  // The confirm button's own words are a yes to the summary, not a new booking request.
  if (/^\s*(?:确认|确定)(?:预订|预定|订单|下单|取消)\s*[。.!！]*\s*$/.test(scan.lower)) {
    for (const m of scan.lower.matchAll(/\S+/g)) scan.claim(m.index, m.index + m[0].length);
    return ['affirm'];
  }
  const greet = has(GREET);
  if (has(HUMAN)) add('human');
  const cancel = has(CANCEL);
  const mine = has(MY_BOOKINGS);
  if ((cancel && (f.code || !f.hotelQuestion)) || (f.code && has(/取消|退订|\bcancel\b/g))) add('cancel_booking');
  if (mine || (f.code && !intents.includes('cancel_booking'))) add('my_bookings');
  const book = hasInFull(BOOK);
  if (book && (f.hotelRef || /就(?:它|这|那)|\bit\b|\bthat\b|\bthis\b/.test(scan.lower))) add('book');
  if (f.contact) add('give_contact');
  if (f.hotelQuestion) add('hotel_question');
  if (f.faq) add('faq');
  const searchCue = has(SEARCH);
  if (!intents.includes('book') && !intents.includes('cancel_booking') && !intents.includes('my_bookings')) {
    if (f.searchSlots || (searchCue && !f.hotelQuestion && !f.faq) || (book && !f.hotelRef) || f.refinesSearch) add('search');
    // A hotel pointed at and nothing else asked ("第二家", "the luxury one"): the traveller wants to hear about it.
    else if (f.hotelRef && !f.hotelQuestion && !f.faq && !f.contact) add('hotel_question');
  }
  // "好的，这家价格多少" acknowledges and asks: a yes only counts beside a booking, a name or thanks.
  const yesNo = intents.every((i) => i === 'book' || i === 'give_contact') ? yesOrNo(scan) : undefined;
  if (yesNo) add(yesNo);
  if (has(THANKS)) add('thanks');
  if (greet) add('greet');
  if (has(OUT_OF_DOMAIN)) {
    // "明天天气怎么样", "flights to Beijing": a date or a city does not make a hotel search without a word for one.
    const hotelWord = /酒店|宾馆|住宿|住|房|hotel|room|stay|accommodation/.test(scan.lower);
    if (!hotelWord && !f.hotelRef && intents.every((i) => i === 'search' || i === 'greet' || i === 'thanks')) {
      return ['out_of_domain', ...intents.filter((i) => i !== 'search')];
    }
    add('out_of_domain');
  }
  return intents;
}

/** 'affirm' or 'deny' when the message's first clause is one and the rest was explained by other readers. */
function yesOrNo(scan: Scan): 'affirm' | 'deny' | undefined {
  const free = scan.free();
  // A yes or no starts the message: "这家酒店是什么类型啊" holds no "是啊" once the question is read.
  const lead = /^[\s,，。.!！?？;；~…、]*/.exec(free)![0].length;
  if (free[lead] === BLANK) return undefined;
  const chunks = free
    .split(/[,，。.!！?？;；~…、\u0001]+/)
    .map((c) => c.replace(POLITE, ' ').replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  if (!chunks.length) return undefined;
  const is = (re: RegExp, c: string) => re.test(c) || re.test(c.replace(/(?:吧|了|啊|呀|哦|呢|的|啦)+$/, ''));
  const kind = is(AFFIRM, chunks[0]!) ? 'affirm' : is(DENY, chunks[0]!) ? 'deny' : undefined;
  if (!kind) return undefined;
  if (chunks.slice(1).some((c) => !is(AFFIRM, c) && !is(DENY, c))) return undefined;
  for (const m of free.matchAll(/[^\s,，。.!！?？;；~…、\u0001]+/g)) scan.claim(m.index, m.index + m[0].length);
  return kind;
}

/** True when the understanding carries a slot of a hotel search. */
export function hasSearchSlots(u: Omit<Understanding, 'intents' | 'confidence'>): boolean {
  return Boolean(
    u.city || u.dates || u.guests || u.rooms || u.budgetMax !== undefined || u.budgetMin !== undefined || u.tier ||
      u.stars || u.grade || u.minRating !== undefined || u.amenities?.length || u.amenitiesNotNeeded?.length ||
      u.foreignCurrency,
  );
}
