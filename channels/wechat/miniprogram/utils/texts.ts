// Every word the mini-program shows: Chinese first (its audience), an English table for other languages.

/** A language the mini-program speaks. */
export type Lang = 'zh-CN' | 'en';

const zh = {
  tierBudget: '经济',
  tierComfort: '舒适',
  tierLuxury: '豪华',
  perNight: '/晚',
  totalPrefix: '共',
  book: '预订',
  viewDetails: '详情',
  welcome: '您好，我是酒店预订助手。告诉我城市、日期、人数和预算，我为您推荐经济、舒适、豪华三档酒店。',
  inputPlaceholder: '例如：明天去北京住两晚，两个人，每晚500以内',
  send: '发送',
  thinking: '正在为您查询…',
  handoffBanner: '正在为您转接人工客服',
  handoffHint: '人工客服会在这里或在“联系客服”会话中回复您。',
  contact: '联系客服',
  myBookings: '我的预订',
  sendFailed: '发送失败，请检查网络后重试。',
  loginFailed: '登录失败，请稍后重试。',
  hotelTitle: '酒店详情',
  room: '房型',
  pricePerNight: '每晚价格',
  total: '总价',
  stars: '星级',
  bookNow: '立即预订',
  backToChat: '返回聊天',
  hotelMissing: '没有找到这家酒店的信息，请回到聊天中重新查看。',
  bookingTitle: '确认预订',
  hotel: '酒店',
  checkIn: '入住',
  checkOut: '退房',
  nights: '晚数',
  nightsValue: '{n}晚',
  rooms: '房间数',
  guests: '入住人数',
  payment: '付款方式',
  payAtHotel: '到店付款',
  prepay: '在线预付（付款前为保留状态）',
  cancellation: '取消政策',
  freeCancelUntil: '{time} 前可免费取消',
  noFreeCancel: '已过免费取消期限',
  guestName: '入住人姓名',
  guestPhone: '手机号',
  namePlaceholder: '请输入入住人姓名',
  phonePlaceholder: '请输入手机号',
  submit: '确认预订',
  submitting: '正在提交…',
  retry: '重试',
  loading: '加载中…',
  confirmedTitle: '预订成功',
  heldTitle: '房间已为您保留',
  heldNote: '请按酒店要求完成付款，逾期未付房间将自动释放。',
  confirmedNote: '入住时报预订号即可。',
  code: '预订号',
  status: '状态',
  viewBookings: '查看我的预订',
  bookingsTitle: '我的预订',
  bookingsEmpty: '您还没有在这里预订过。',
  statusHeld: '已保留，待付款',
  statusConfirmed: '已确认',
  statusCancelled: '已取消',
  statusExpired: '已过期',
  reservationMissing: '未找到该预订',
  errNameRequired: '请填写入住人姓名。',
  errPhoneRequired: '请填写正确的手机号。',
  errQuoteMissing: '预订链接不完整，请回到聊天中重新获取。',
  errSoldOut: '抱歉，所选日期中有一晚已经订满。请回到聊天中查看其他选择。',
  errQuoteExpired: '报价已过期，价格和房态可能已变化。请回到聊天中重新报价。',
  errQuoteUsed: '这个报价已经预订过了，请在“我的预订”中查看。',
  errInvalidRequest: '提交的信息有误，请检查后重试。',
  errInvalidField: '请检查：{field}',
  errNotFound: '该报价或房型已不存在，请回到聊天中重新获取。',
  errCapacity: '入住人数超出了房间可容纳的人数。',
  errDates: '这些日期已无法预订，请回到聊天中重新报价。',
  errRate: '操作太频繁，请稍候再试。',
  errUnauthorized: '登录已失效，请重新进入小程序。',
  errNetwork: '网络异常，暂时无法确认结果。请点击“重试”，不会重复预订。',
  errOther: '操作失败（{code}），请稍后重试或联系客服。',
};

/** A key of the text tables. */
export type TextKey = keyof typeof zh;

const en: Record<TextKey, string> = {
  tierBudget: 'Budget',
  tierComfort: 'Comfort',
  tierLuxury: 'Luxury',
  perNight: '/night',
  totalPrefix: 'Total',
  book: 'Book',
  viewDetails: 'Details',
  welcome: 'Hello! Tell me the city, dates, guests and budget, and I will suggest budget, comfort and luxury hotels.',
  inputPlaceholder: 'e.g. Beijing from tomorrow, 2 nights, 2 guests, under 500 a night',
  send: 'Send',
  thinking: 'Looking that up…',
  handoffBanner: 'Connecting you to a person',
  handoffHint: 'A person will answer here or in the "Contact us" conversation.',
  contact: 'Contact us',
  myBookings: 'My bookings',
  sendFailed: 'Could not send; check the network and try again.',
  loginFailed: 'Could not sign in; try again in a moment.',
  hotelTitle: 'Hotel',
  room: 'Room',
  pricePerNight: 'Per night',
  total: 'Total',
  stars: 'Stars',
  bookNow: 'Book now',
  backToChat: 'Back to the chat',
  hotelMissing: 'This hotel could not be shown; go back to the chat and open it again.',
  bookingTitle: 'Confirm your booking',
  hotel: 'Hotel',
  checkIn: 'Check-in',
  checkOut: 'Check-out',
  nights: 'Nights',
  nightsValue: '{n}',
  rooms: 'Rooms',
  guests: 'Guests',
  payment: 'Payment',
  payAtHotel: 'Pay at the hotel',
  prepay: 'Prepay (held until paid)',
  cancellation: 'Cancellation',
  freeCancelUntil: 'Free cancellation until {time}',
  noFreeCancel: 'Free cancellation has ended',
  guestName: 'Guest name',
  guestPhone: 'Mobile phone',
  namePlaceholder: 'Name of the guest',
  phonePlaceholder: 'Mobile phone number',
  submit: 'Book now',
  submitting: 'Booking…',
  retry: 'Retry',
  loading: 'Loading…',
  confirmedTitle: 'You are booked',
  heldTitle: 'Your room is held',
  heldNote: 'Pay as the hotel asks, or the hold is released.',
  confirmedNote: 'Give this code at check-in.',
  code: 'Reservation code',
  status: 'Status',
  viewBookings: 'See my bookings',
  bookingsTitle: 'My bookings',
  bookingsEmpty: 'You have not booked here yet.',
  statusHeld: 'Held, awaiting payment',
  statusConfirmed: 'Confirmed',
  statusCancelled: 'Cancelled',
  statusExpired: 'Expired',
  reservationMissing: 'Reservation not found',
  errNameRequired: 'Enter the guest name.',
  errPhoneRequired: 'Enter a valid mobile number.',
  errQuoteMissing: 'This booking link is incomplete; ask for a new one in the chat.',
  errSoldOut: 'Sorry, this room sold out for at least one night of your stay. Go back to the chat for other options.',
  errQuoteExpired: 'This quote has expired. Go back to the chat for a fresh quote.',
  errQuoteUsed: 'This quote has been booked already; see My bookings.',
  errInvalidRequest: 'Something in the booking is not valid; check it and try again.',
  errInvalidField: 'Please check: {field}',
  errNotFound: 'This quote or room no longer exists; ask for a new one in the chat.',
  errCapacity: 'Too many guests for these rooms.',
  errDates: 'These dates can no longer be booked; ask for a fresh quote in the chat.',
  errRate: 'Too many attempts; wait a moment and try again.',
  errUnauthorized: 'Your sign-in expired; reopen the mini-program.',
  errNetwork: 'Network problem: we could not confirm the result. Tap Retry; you will not be booked twice.',
  errOther: 'That failed ({code}). Try again, or contact us.',
};

const TABLES: Record<Lang, Record<TextKey, string>> = { 'zh-CN': zh, en };

/**
 * The language for WeChat's `language` setting: Chinese for any zh variant (and when unknown), else English.
 * @example pickLang('zh_CN') // 'zh-CN'
 */
export function pickLang(language: string | undefined): Lang {
  if (!language) return 'zh-CN';
  return /^zh/i.test(language) ? 'zh-CN' : 'en';
}

/**
 * The text of `key` in `lang`, each `{name}` replaced from `vars`.
 * @example translate('zh-CN', 'nightsValue', { n: 2 }) // '2晚'
 */
export function translate(lang: Lang, key: TextKey, vars: Record<string, string | number> = {}): string {
  const text = TABLES[lang][key] ?? TABLES.en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** The whole table of `lang`, for pages that bind many texts at once. */
export function textsOf(lang: Lang): Readonly<Record<TextKey, string>> {
  return TABLES[lang];
}
