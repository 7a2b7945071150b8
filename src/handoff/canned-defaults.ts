// The starter set of canned replies a tenant gets on first use of the console, in Chinese and English.

/** One canned reply of the starter set. */
export interface CannedDefault {
  locale: 'zh-CN' | 'en';
  title: string;
  text: string;
}

/** A few answers every hotel desk needs: greeting, a moment please, the booking done, payment, goodbye. */
export const CANNED_DEFAULTS: readonly CannedDefault[] = [
  { locale: 'zh-CN', title: '问候', text: '您好，我是人工客服，很高兴为您服务。请问有什么可以帮您？' },
  { locale: 'zh-CN', title: '请稍候', text: '好的，我马上为您查询，请稍等一两分钟。' },
  { locale: 'zh-CN', title: '确认入住信息', text: '为了帮您预订，请告诉我入住人的姓名和手机号，以及入住、离店日期和人数。' },
  { locale: 'zh-CN', title: '已预订', text: '已经为您预订好了，订单号和详情已发送给您，入住时出示订单号即可。' },
  { locale: 'zh-CN', title: '结束语', text: '感谢您的耐心，祝您旅途愉快！如还有问题，随时可以联系我们。' },
  { locale: 'en', title: 'Greeting', text: 'Hello, this is a member of our team. How can I help you today?' },
  { locale: 'en', title: 'One moment', text: 'Sure, let me check that for you. It will take a minute or two.' },
  { locale: 'en', title: 'Guest details', text: "To book, please tell me the guest's name and phone number, the dates of the stay and how many guests." },
  { locale: 'en', title: 'Booked', text: 'Your room is booked. You have the reservation code and the details; show the code at check-in.' },
  { locale: 'en', title: 'Goodbye', text: 'Thank you for your patience, and have a good trip! Write to us any time.' },
];
