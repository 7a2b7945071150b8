// The chat page's words in Chinese and English (the page's language comes from pickLang, like the booking page's).
import type { PageLang } from '../../../src/http/pages/booking-texts.ts';

const zh = {
  title: 'TourDesk 旅行客服',
  brand: 'TourDesk',
  subtitle: '酒店预订 · 在线客服',
  greeting: '您好！我是 TourDesk 旅行客服。告诉我城市、入住和退房日期、人数和预算，我来为您推荐经济、舒适、豪华三档酒店，并可直接预订。',
  placeholder: '告诉我城市、日期和人数…',
  placeholderAgent: '给人工客服留言…',
  send: '发送',
  connecting: '连接中…',
  online: '在线',
  reconnecting: '重新连接中…',
  handoffBanner: '您正在与人工客服沟通，客服会尽快在这里回复您。',
  agent: '人工客服',
  system: '通知',
  typing: '正在输入…',
  failed: '发送失败，点击重试',
  budget: '经济型',
  comfort: '舒适型',
  luxury: '豪华型',
  perNight: '/晚',
  total: '共 {amount}',
  book: '预订',
  stars: '{n}星',
  close: '关闭',
  otherLang: 'English',
  chatLabel: '聊天记录',
  messageLabel: '消息',
};

/** A key of the chat page's texts. */
export type ChatTextKey = keyof typeof zh;

/** Every text of the chat page, per language. */
export const CHAT_TEXTS: Record<PageLang, Record<ChatTextKey, string>> = {
  'zh-CN': zh,
  en: {
    title: 'TourDesk travel chat',
    brand: 'TourDesk',
    subtitle: 'Hotel booking · live help',
    greeting: 'Hello! I am the TourDesk travel assistant. Tell me the city, check-in and check-out dates, how many guests and your budget: I will suggest a budget, a comfort and a luxury hotel, and you can book right here.',
    placeholder: 'City, dates, guests…',
    placeholderAgent: 'Write to the agent…',
    send: 'Send',
    connecting: 'Connecting…',
    online: 'Online',
    reconnecting: 'Reconnecting…',
    handoffBanner: 'You are talking to a person. An agent will reply here shortly.',
    agent: 'Agent',
    system: 'Notice',
    typing: 'Typing…',
    failed: 'Not sent. Tap to retry',
    budget: 'Budget',
    comfort: 'Comfort',
    luxury: 'Luxury',
    perNight: ' / night',
    total: '{amount} in total',
    book: 'Book',
    stars: '{n}-star',
    close: 'Close',
    otherLang: '中文',
    chatLabel: 'Conversation',
    messageLabel: 'Message',
  },
};

/** The texts the page's script needs. */
export const CHAT_SCRIPT_TEXT_KEYS = [
  'greeting', 'placeholder', 'placeholderAgent', 'connecting', 'online', 'reconnecting', 'agent', 'system', 'typing',
  'failed', 'budget', 'comfort', 'luxury', 'perNight', 'total', 'book', 'stars',
] as const satisfies readonly ChatTextKey[];
