// The booking link page's words in Chinese and English, and the choice between them.

/** A language the booking page speaks. */
export type PageLang = 'zh-CN' | 'en';

const zh = {
  title: '确认预订',
  room: '房型',
  checkIn: '入住',
  checkOut: '退房',
  nights: '晚数',
  rooms: '房间数',
  guests: '入住人数',
  perNight: '每间每晚',
  average: '（均价）',
  total: '总价',
  payment: '付款方式',
  payAtHotel: '到店付款',
  prepay: '预付：付款前预订为保留状态，逾期未付将自动释放',
  cancellation: '取消政策',
  freeCancelUntil: '{time} 前可免费取消',
  noFreeCancel: '已过免费取消期限',
  validUntil: '此报价保留至 {time}（约剩 {minutes} 分钟）',
  expiredTitle: '报价已过期',
  expiredBody: '价格和房态可能已经变化。请回到聊天中，请我们为您重新报价。',
  invalidTitle: '预订链接无效',
  invalidBody: '链接可能不完整或已失效。请回到聊天中重新获取预订链接。',
  formTitle: '入住人信息',
  guestName: '入住人姓名',
  guestPhone: '手机号',
  submit: '确认预订',
  submitting: '正在提交…',
  retry: '重试',
  noscript: '请启用 JavaScript 后再预订。',
  confirmedTitle: '预订成功',
  heldTitle: '房间已为您保留',
  codeLabel: '预订号',
  confirmedNote: '入住时报预订号即可。',
  heldNote: '请在 {deadline} 前完成付款，逾期未付房间将自动释放。',
  errSoldOut: '抱歉，所选日期中有一晚已经售罄。请回到聊天中查看其他选择。',
  errQuoteExpired: '报价已过期。请回到聊天中重新报价。',
  errDates: '这些日期已无法预订。请回到聊天中重新报价。',
  errNotFound: '该房型或报价已不存在。请回到聊天中重新获取预订链接。',
  errCapacity: '入住人数超出了房间可容纳的人数。',
  errInvalidField: '请检查：{field}',
  errInvalid: '提交的信息有误，请检查后重试。',
  errRate: '操作太频繁，请稍候再试。',
  errNetwork: '网络异常，暂时无法确认是否预订成功。请点击“重试”，不会重复预订。',
  errOther: '预订失败（{code}）。请稍后重试，或回到聊天中联系客服。',
};

/** A key of the text table. */
export type TextKey = keyof typeof zh;

/** Every text of the page, per language. */
export const TEXTS: Record<PageLang, Record<TextKey, string>> = {
  'zh-CN': zh,
  en: {
    title: 'Confirm your booking',
    room: 'Room',
    checkIn: 'Check-in',
    checkOut: 'Check-out',
    nights: 'Nights',
    rooms: 'Rooms',
    guests: 'Guests',
    perNight: 'Per room per night',
    average: ' (average)',
    total: 'Total',
    payment: 'Payment',
    payAtHotel: 'Pay at the hotel',
    prepay: 'Prepay: the booking is held until paid, and released if not paid in time',
    cancellation: 'Cancellation',
    freeCancelUntil: 'Free cancellation until {time}',
    noFreeCancel: 'Free cancellation has ended',
    validUntil: 'This price is held until {time} (about {minutes} min left)',
    expiredTitle: 'This quote has expired',
    expiredBody: 'Prices and availability may have changed. Go back to the chat and ask us for a fresh quote.',
    invalidTitle: 'This booking link is invalid',
    invalidBody: 'The link may be incomplete or no longer valid. Go back to the chat and ask for a new booking link.',
    formTitle: 'Guest details',
    guestName: 'Guest name',
    guestPhone: 'Mobile phone',
    submit: 'Book now',
    submitting: 'Booking…',
    retry: 'Retry',
    noscript: 'Turn on JavaScript to book.',
    confirmedTitle: 'You are booked',
    heldTitle: 'Your room is held',
    codeLabel: 'Reservation code',
    confirmedNote: 'Give this code at check-in.',
    heldNote: 'Pay before {deadline}, or the hold is released and the room goes back on sale.',
    errSoldOut: 'Sorry, this room sold out for at least one night of your stay. Go back to the chat for other options.',
    errQuoteExpired: 'This quote has expired. Go back to the chat for a fresh quote.',
    errDates: 'These dates can no longer be booked. Go back to the chat for a fresh quote.',
    errNotFound: 'This room or quote no longer exists. Go back to the chat for a new booking link.',
    errCapacity: 'Too many guests for these rooms.',
    errInvalidField: 'Please check: {field}',
    errInvalid: 'Something in the booking is not valid; check it and try again.',
    errRate: 'Too many attempts; wait a moment and try again.',
    errNetwork: 'Network problem: we could not confirm the booking. Tap Retry; you will not be booked twice.',
    errOther: 'The booking failed ({code}). Try again, or ask us in the chat.',
  },
};

/** The texts the page's script needs (the rest stay on the server). */
export const SCRIPT_TEXT_KEYS = [
  'submit', 'submitting', 'retry', 'guestName', 'guestPhone', 'confirmedTitle', 'heldTitle',
  'confirmedNote', 'heldNote', 'errSoldOut', 'errQuoteExpired', 'errDates', 'errNotFound', 'errCapacity',
  'errInvalidField', 'errInvalid', 'errRate', 'errNetwork', 'errOther',
] as const satisfies readonly TextKey[];

/**
 * `text` with each `{name}` replaced by `vars[name]` (the caller escapes for HTML afterwards).
 * @example fill(TEXTS.en.validUntil, { time: '10:30', minutes: 30 })
 */
export function fill(text: string, vars: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, k: string) => (k in vars ? String(vars[k]) : whole));
}

/**
 * The page's language: `?lang=en|zh-CN` first, then the browser's Accept-Language, else Chinese.
 * @example pickLang(req.query.lang, (...l) => req.acceptsLanguages(...l))
 */
export function pickLang(query: unknown, accepts: (...langs: string[]) => string | false): PageLang {
  if (query === 'en' || query === 'zh-CN') return query;
  const best = accepts('zh-CN', 'zh', 'en');
  return best === 'en' ? 'en' : 'zh-CN';
}
