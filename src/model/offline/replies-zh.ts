// The concierge's words in Chinese: every reply plan, several phrasings each, built only from tool results.
import type { Fact } from './hotel-facts.ts';
import { day, grade, hotelName, list, localTime, money, rating, shortStay, stay } from './format.ts';
import type { BookingView, DetailsView, Offer } from './results.ts';
import type { Voice, VoiceContext } from './voice.ts';

const L = 'zh-CN';
const ORDINALS = ['第一家', '第二家', '第三家', '第四家', '第五家'];
const STATUS: Record<string, string> = { held: '待付款', confirmed: '已确认', cancelled: '已取消', expired: '已过期' };
const TOPIC: Record<string, string> = {
  breakfast: '早餐', parking: '停车', pets: '宠物', check_in_time: '入住时间', check_out_time: '退房时间', address: '地址',
  phone: '电话', wifi: 'WiFi', cancellation: '取消政策', metro: '地铁', sights: '周边景点', payment: '付款方式', children: '儿童政策',
};

const name = (h: { name: string; nameEn?: string | null }) => hotelName(h, L);

function offerLine(o: Offer, i: number, byGrade: boolean): string {
  const label = byGrade ? grade(o.stars, o.tier, L) : ORDINALS[i] ?? `第${i + 1}家`;
  const r = o.rating ? `，${rating(o.rating, L)}` : '';
  return `${i + 1}. ${label}｜${name(o)}${r}\n   ${o.roomName} ${money(o.pricePerNight)}/晚，共${money(o.total)}`;
}

/** One fact as a sentence that ends in punctuation, so the facts of a hotel can follow one another. */
function factLine(f: Fact): string {
  const t = factText(f);
  return /[。！？.!?]$/.test(t) ? t : `${t}。`;
}

function factText(f: Fact): string {
  switch (f.kind) {
    case 'policy':
      return f.text;
    case 'breakfast':
      return f.offered === 'included' ? '房费含早餐。' : f.offered === 'extra' ? '有早餐，需另付费，价格可向前台确认。' : '不提供早餐。';
    case 'parking':
      return f.offered === 'free' ? '有免费停车位。' : f.offered === 'paid' ? '有收费停车位。' : '没有停车场。';
    case 'pets':
      return f.allowed ? '可以带宠物入住，请提前告知前台。' : '不能携带宠物。';
    case 'amenity':
      return f.has ? `有${f.label}。` : `设施列表里没有列出“${f.label}”。`;
    case 'value':
      if (f.topic === 'check_in_time') return `${f.value}以后可以办理入住。`;
      if (f.topic === 'check_out_time') return `退房时间是${f.value}之前。`;
      if (f.topic === 'address') return `地址：${f.value}。`;
      if (f.topic === 'phone') return `电话：${f.value}。`;
      if (f.topic === 'metro') return `附近地铁：${f.value}。`;
      return `${TOPIC[f.topic] ?? f.topic}：${f.value}。`;
    case 'list':
      return `周边有${list(f.items, L)}。`;
    case 'cancel_hours':
      if (f.hours === 0) return '入住当天0点前可免费取消。';
      return f.hours % 24 === 0 ? `入住前${f.hours / 24}天的0点之前可免费取消。` : `入住日0点前${f.hours}小时之前可免费取消。`;
    case 'payment':
      return f.mode === 'prepay' ? '需要在线预付。' : '到店付款。';
    case 'unknown':
      return `关于${TOPIC[f.topic] ?? '这一点'}，资料里没有写明，入住前可以跟前台确认。`;
  }
}

const LEADS = { cheaper: '便宜一点的可以看看这家：', cheapest: '目前最实惠的是这家：', pricier: '想住得更好一些的话，可以看看这家：', priciest: '目前档次最高的是这家：' };

function overview(d: DetailsView, offer: Offer | undefined, lead: keyof typeof LEADS | undefined, v: VoiceContext): string {
  const head = `${name(d)}（${grade(d.stars, d.tier, L)}${d.rating ? `，${rating(d.rating, L)}` : ''}）`;
  const lines = lead ? [LEADS[lead], head] : [head];
  if (d.description) lines.push(d.description);
  if (d.address) lines.push(`地址：${d.address}${d.metro ? `（近${d.metro}）` : ''}`);
  if (d.amenities.length) lines.push(`设施：${d.amenities.slice(0, 8).join('、')}`);
  const inT = typeof d.policies.checkInTime === 'string' ? d.policies.checkInTime : undefined;
  const outT = typeof d.policies.checkOutTime === 'string' ? d.policies.checkOutTime : undefined;
  if (inT && outT) lines.push(`${inT}以后入住，${outT}之前退房`);
  if (offer) lines.push(`这次的报价：${offer.roomName} ${money(offer.pricePerNight)}/晚，共${money(offer.total)}`);
  lines.push(v.pick('overview.end', ['想订的话告诉我一声就行。', '还有什么想了解的，比如早餐、停车？', '合适的话，我可以直接帮您预订。']));
  return lines.join('\n');
}

function bookingLine(b: BookingView, v: VoiceContext): string {
  return `· ${b.code}｜${b.hotelName}｜${shortStay(b.checkIn, b.checkOut, L, v.today)}｜${STATUS[b.status] ?? b.status}${b.total ? `｜${money(b.total)}` : ''}`;
}

/** Every reply plan in Chinese. */
export const zh: Voice = {
  ask_city: (_, v) => v.pick('ask_city', ['好的！请问您打算去哪个城市？', '没问题，想住在哪个城市呢？', '乐意帮您找酒店。请问目的地是哪座城市？']),
  ask_dates: (p, v) =>
    (p.city ? `${p.city}，好的。` : '') + v.pick('ask_dates', ['请问哪天入住、住几晚呢？', '打算哪天入住、住几晚？', '请告诉我入住日期和住几晚，我马上帮您查。']),
  ask_check_in: (p, v) => `住${p.nights}晚，` + v.pick('ask_check_in', ['请问哪天入住呢？', '打算哪天入住？']),
  bad_dates: (p, v) => {
    if (p.reason === 'past') return `这个日期已经过去了（今天是${day(p.today, L, v.today)}）。` + v.pick('bad_dates', ['请问您想哪天入住？', '麻烦再告诉我一下入住日期？']);
    if (p.reason === 'order') return '退房日期要在入住日期之后哦，麻烦再确认一下入住和退房的日子？';
    if (p.reason === 'too_long') return '一次预订最多可住30晚，可以分两段来订，或者告诉我新的日期。';
    return '目前只能预订一年以内的入住，请换个日期试试？';
  },
  ask_currency: (_, v) =>
    v.pick('ask_currency', [
      '我们的房价都以人民币计，不方便替您换算汇率。请问按人民币算，每晚预算大概多少？',
      '这里的价格都是人民币。麻烦告诉我每晚大概多少人民币以内，我按这个帮您筛选。',
    ]),
  ask_which_hotel: (p, v) =>
    v.pick('which', [`您想${p.purpose === 'book' ? '订' : '了解'}哪一家呢？`, `请问是哪一家？`]) +
    '\n' + p.offers.map((o, i) => `${ORDINALS[i] ?? `第${i + 1}家`}：${name(o)}`).join('\n'),
  ask_contact: (p, v) => {
    const hotel = `${name(p.offer)}（${p.offer.roomName}）`;
    if (p.need === 'phone' && p.phoneMasked) {
      return '为保护隐私，之前的手机号在对话记录里已经隐去了，麻烦再发一次完整的手机号，我就为您生成订单摘要。';
    }
    if (p.need === 'phone') return v.pick('ask_phone', ['还需要一个联系手机号，方便入住当天联系您。', `好的，再麻烦留个手机号，我就为您生成${hotel}的订单摘要。`]);
    if (p.need === 'name') return v.pick('ask_name', ['请问入住人怎么称呼？需要和证件上的姓名一致。', '还差入住人姓名，麻烦告诉我一下？']);
    return v.pick('ask_contact', [
      `好的，为您预订${hotel}。请告诉我入住人姓名和手机号。`,
      `没问题，就订${hotel}。麻烦留一下入住人的姓名和手机号？`,
      `${hotel}，好眼光！预订需要入住人姓名和联系手机号。`,
    ]);
  },
  offers: (p, v) => {
    const { view } = p;
    const city = view.city?.zh ?? p.requested.city;
    const party = `${view.rooms}间房、${view.guests}位`;
    const byGrade = new Set(p.shown.map((o) => o.tier)).size > 1;
    const intro = p.relaxed
      ? v.pick('offers.relaxed', [
        `按您的预算和筛选条件，${city}暂时没有合适的空房。放宽条件后，最接近的是这几家：`,
        `在您设定的条件内没找到空房，我放宽了预算和档次，${city}这几家还有房：`,
      ])
      : v.pick('offers.intro', [
        `为您查到${city}${shortStay(view.checkIn, view.checkOut, L, v.today)}、${party}的空房，${byGrade ? '每个档次挑了一家' : '这几家比较合适'}：`,
        `${city}${shortStay(view.checkIn, view.checkOut, L, v.today)}，${party}，这几家现在都有房：`,
        `好的，${city}${shortStay(view.checkIn, view.checkOut, L, v.today)}，${party}。${byGrade ? '按档次给您推荐' : '给您推荐'}：`,
      ]);
    const assumed = [
      p.nightsAssumed ? '\n（先按住1晚查询，住几晚告诉我，我马上更新。）' : '',
      p.guestsAssumed ? `\n（默认按${view.guests}位成人查询，人数不对请告诉我。）` : '',
    ].join('');
    const end = v.pick('offers.end', [
      '想了解哪家的详情，或者直接说"订第二家"都可以。',
      '您看中哪家？告诉我就帮您预订，卡片里也有预订链接。',
      '早餐、停车这些细节可以随时问我；选好了说一声我来帮您订。',
    ]);
    return [intro, ...p.shown.map((o, i) => offerLine(o, i, byGrade)), end].join('\n') + assumed;
  },
  nothing_fits: (p, v) => {
    const when = shortStay(p.args.checkIn, p.args.checkOut, L, v.today);
    const head = p.filtered ? `抱歉，${p.args.city}${when}即使放宽预算和档次也没有空房了。` : `抱歉，${p.args.city}${when}暂时没有空房了。`;
    return head + v.pick('nothing_fits', ['要不要换个日期试试？', '换个日期或者换个城市，我再帮您查查？', '可以告诉我别的日期，我马上重新查。']);
  },
  hotel_overview: (p, v) => overview(p.details, p.offer, p.lead, v),
  hotel_answers: (p, v) => {
    const lines = p.hotels.length === 1
      ? [`${name(p.hotels[0]!.details)}：${p.hotels[0]!.facts.map(factLine).join('')}`]
      : p.hotels.map((h) => `· ${name(h.details)}：${h.facts.map(factLine).join('') || grade(h.details.stars, h.details.tier, L)}`);
    if (p.passages[0]) lines.push(`${p.hotels.length ? '另外，' : ''}${p.passages[0].answer}`);
    if (p.hotels.every((h) => h.facts.length === 0) && !p.passages.length) lines.push('资料里没有找到这个问题的说明，入住前可以跟前台确认。');
    lines.push(v.pick('answers.end', ['还有其他想了解的吗？', '需要的话我可以直接帮您预订。', '']));
    return lines.filter(Boolean).join('\n');
  },
  knowledge: (p, v) =>
    v.pick('knowledge', ['查到了：', '关于这个问题：', '']) + p.passages.slice(0, 2).map((x) => x.answer).join('\n') +
    v.pick('knowledge.end', ['\n还有什么想了解的吗？', '', '\n如果还有疑问，我也可以帮您转人工确认。']),
  no_knowledge: (_, v) =>
    v.pick('no_knowledge', [
      '这个问题我这边暂时没查到确切的说明。您可以换个问法，或者我帮您转人工客服确认？',
      '抱歉，资料里没有找到这方面的说明。需要的话我可以帮您转人工客服。',
    ]),
  booking_summary: (p, v) => {
    const q = p.quote.quote;
    return [
      v.pick('summary.head', ['请核对一下预订信息：', '订单摘要如下，请您确认：', '好的，这是为您准备的订单：']),
      `酒店：${q.hotelName}`,
      `房型：${q.roomName} × ${q.rooms}间`,
      `日期：${stay(q.checkIn, q.checkOut, L, v.today)}`,
      `入住人：${p.quote.guest.name}（${p.quote.guest.phone}），共${q.guests}位${p.guestsAssumed ? '（默认，可修改）' : ''}`,
      `房费：${money(q.pricePerNight)}/晚，合计${money(q.total)}`,
      `付款：${q.paymentMode === 'prepay' ? '需在线预付，下单后请按时付款' : '到店付款'}`,
      `免费取消：${localTime(q.freeCancellationUntil, v.timeZone, L)}之前`,
      v.pick('summary.ask', ['确认无误请回复"确认"，我就为您下单。', '没问题的话回复"确认"即可；想改日期或换酒店也可以直接说。']),
    ].join('\n');
  },
  booked: (p, v) => {
    const r = p.result.reservation;
    const head = r.status === 'held'
      ? `已为您下单，订单号 ${r.code}。`
      : v.pick('booked', [`预订成功！订单号 ${r.code}。`, `已为您预订好，订单号 ${r.code}。`]);
    const what = `${r.hotelName}，${r.roomName}，${shortStay(r.checkIn, r.checkOut, L, v.today)}，合计${money(r.total)}。`;
    const pay = r.status === 'held' && r.holdExpiresAt
      ? `房间为您保留到${localTime(r.holdExpiresAt, v.timeZone, L)}，请在此之前完成付款，逾期会自动释放。`
      : v.pick('booked.end', ['到店报入住人姓名即可办理入住，祝您旅途愉快！', '入住时出示证件即可，祝您住得舒心！']);
    return head + what + pay;
  },
  booking_declined: (_, v) => v.pick('declined', ['好的，这次先不订，没有为您下单。想换个日期或者看看别的酒店吗？', '明白，先不下单。还想再看看其他选择吗？']),
  cancel_terms: (p, v) => {
    const r = p.cancellation.reservation;
    const until = localTime(p.cancellation.terms.freeCancellationUntil, v.timeZone, L);
    return [
      v.pick('cancel.head', ['要取消的订单是：', '请确认要取消这个订单：']),
      `${r.code}｜${r.hotelName}｜${stay(r.checkIn, r.checkOut, L, v.today)}`,
      `现在取消不收费（${until}之前可免费取消）。确认取消请回复"确认"。`,
    ].join('\n');
  },
  cancelled: (p, v) =>
    `已为您取消订单 ${p.result.reservation.code}（${p.result.reservation.hotelName}）。` +
    v.pick('cancelled', ['房间已经释放，有需要随时找我。', '之后还想找住处的话，告诉我就行。']),
  cancel_kept: (_, v) => v.pick('kept', ['好的，订单保留不变。', '明白，不取消，订单照常有效。']),
  bookings: (p, v) => {
    const head = p.bookings.length === 1 ? '您名下有1个订单：' : `您名下有${p.bookings.length}个订单：`;
    const end = p.purpose === 'cancel'
      ? '请问要取消哪一个？回复订单号即可。'
      : v.pick('bookings.end', ['需要取消或查看详情的话告诉我订单号。', '']);
    return [head, ...p.bookings.map((b) => bookingLine(b, v)), end].filter(Boolean).join('\n');
  },
  no_bookings: (p) => `暂时没有查到您名下${p.code ? `订单号为 ${p.code} ` : ''}的订单。如果是用其他账号或渠道预订的，我可以帮您转人工查询。`,
  handed_off: (_, v) => v.pick('handoff', ['明白，我把刚才的对话一并转过去，您不用重复说明。', '好的，马上为您安排。']),
  thanks: (_, v) => v.pick('thanks', ['不客气！祝您旅途愉快，有需要随时找我。', '不用谢～还有什么需要随时说。', '很高兴能帮上忙，祝您入住愉快！']),
  greet: (_, v) =>
    v.pick('greet', [
      '您好！我是酒店预订助手。告诉我城市、入住日期和人数，我来帮您挑合适的酒店。',
      '您好，欢迎！告诉我想去的城市和入住日期，我帮您看看有哪些好选择。',
      '你好呀！需要订酒店的话，告诉我目的地和日期就行。',
    ]),
  out_of_domain: (_, v) =>
    v.pick('ood', [
      '这个我帮不上忙呢——我专门负责订房和入住相关的问题。要不要帮您找找合适的酒店？',
      '抱歉，这超出了我的服务范围。我可以帮您查酒店、订房、查订单，有需要随时说。',
    ]),
  not_understood: (_, v) =>
    v.pick('not_understood', [
      '抱歉，我没太理解您的意思。您可以告诉我想去的城市和日期，或者问我某家酒店的早餐、停车等问题。',
      '不好意思，这句我没看明白。换个说法试试？比如"12月10日北京住两晚"。',
    ]),
  tool_error: (p, v) => {
    const alt = p.alternatives.length ? `要不要看看${list(p.alternatives.map(name), L)}？` : '换个日期或换一家试试？';
    switch (p.code) {
      case 'sold_out':
        return v.pick('sold_out', ['抱歉，这家这几天刚好满房了。', '不巧，这家的房间刚被订完了。']) + alt;
      case 'invalid_dates':
        return '日期好像不太对（需要是今天以后、退房晚于入住），麻烦再告诉我一次入住和退房日期？';
      case 'capacity_exceeded':
        return '这个房型住不下这么多人，要不要多订一间房，或者告诉我具体几位？';
      case 'quote_expired':
        return '刚才的报价已经过期了，我可以按最新价格重新为您生成订单摘要。';
      case 'not_cancellable':
        return '这个订单现在不能自助免费取消了（可能已过免费取消时间，或者订单已取消）。需要的话我帮您转人工处理。';
      case 'not_found':
        return p.tool === 'prepare_cancellation' ? '没找到这个订单号，麻烦核对一下？订单号以TD开头。' : '没有查到这一家的资料，要不要重新搜索一下？';
      default:
        return v.pick('tool_failed', ['抱歉，系统刚才没处理成功，请稍后再试，或者我帮您转人工。', '不好意思，刚才没办成，您可以再试一次，或者让人工客服来处理。']);
    }
  },
  not_confirmed: () => '为了安全，下单需要您在看到订单摘要后直接回复"确认"。需要的话，我重新为您生成一次摘要。',
  confirm_or_change: (p) =>
    p.action === 'book'
      ? '确认下单的话请回复"确认"；不订了回复"不用了"；想改日期或换一家也可以直接告诉我。'
      : '确认取消请回复"确认"；想保留订单回复"不取消"就好。',
  contact_noted: (p, v) =>
    `好的，记下了${p.name ? `${p.name}的` : ''}联系方式。` +
    (p.hasOffers ? v.pick('noted', ['您想订哪一家？', '请问订刚才哪一家呢？']) : '请问想去哪个城市、哪天入住？'),
  ack: (p) => (p.hasOffers ? '好的！您看中哪家告诉我，我来帮您预订。' : '好的，还有什么可以帮您？'),
  dismissed: (_, v) => v.pick('dismissed', ['好的，没问题。有需要随时叫我。', '明白，有需要再找我就好。']),
  repair: (p) => repairDraft(p.draft, p.hits),
};

/** The draft with what the guards flagged taken out, so nothing unverified reaches the traveller. */
function repairDraft(draft: string, hits: Array<{ kind: string; value: string }>): string {
  let out = draft;
  for (const h of hits) {
    // The stand-ins must pass the guards themselves: no amount, no code, nothing that reads as a hotel's name.
    const instead = h.kind === 'price' ? '（具体金额请以店内公示为准）' : h.kind === 'code' ? '（订单号请以订单查询为准）' : h.kind === 'hotel' ? '附近地标' : '';
    out = out.split(h.value).join(instead);
  }
  return hits.length ? out : '抱歉，这个信息我需要再核实一下，您可以换个问法，或者让我为您转接人工客服。';
}
