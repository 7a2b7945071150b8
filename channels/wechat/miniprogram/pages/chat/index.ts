// The chat page: bubbles, tier-grouped hotel cards, quick replies, the handoff banner and the contact button.
import type { BookEventDetail } from '../../components/hotel-card/index.js';
import { sendMessage, signIn } from '../../utils/api.js';
import { currentLang } from '../../utils/env.js';
import { bookingPagePath, hotelPagePath, isQuoteToken, PAGES } from '../../utils/links.js';
import { textsOf, translate, type Lang } from '../../utils/texts.js';
import type { HotelCard } from '../../utils/types.js';
import { botMessage, handedOff, myMessage, outgoingText, quickReplyBody, sessionFrom, type ChatMessage } from './logic.js';

let seq = 0;
const nextId = () => `m${++seq}`;

Component({
  data: {
    lang: 'zh-CN' as Lang,
    t: textsOf('zh-CN'),
    messages: [] as ChatMessage[],
    input: '',
    sending: false,
    handoff: false,
    notice: '',
    sessionFrom: sessionFrom(undefined),
    scrollTo: '',
  },
  methods: {
    onLoad() {
      const lang = currentLang();
      const welcome = botMessage(nextId(), { type: 'message', text: translate(lang, 'welcome') }, lang);
      this.setData({ lang, t: textsOf(lang), messages: [welcome], scrollTo: welcome.id });
      void this.connect();
    },

    async connect() {
      const session = await signIn();
      if (session.ok) this.setData({ sessionFrom: sessionFrom(session.data.conversationId), notice: '' });
      else this.setData({ notice: translate(this.data.lang, 'loginFailed') });
    },

    onInput(e: WechatMiniprogram.Input) {
      this.setData({ input: e.detail.value });
    },

    onSend() {
      const text = outgoingText(this.data.input);
      if (text === null || this.data.sending) return;
      this.setData({ input: '' });
      void this.deliver(text, undefined, text);
    },

    onQuickReply(e: WechatMiniprogram.TouchEvent<WechatMiniprogram.IAnyObject, WechatMiniprogram.IAnyObject, { title?: string; value?: string }>) {
      const { title, value } = e.currentTarget.dataset;
      if (typeof title !== 'string' || typeof value !== 'string' || this.data.sending) return;
      const body = quickReplyBody({ title, value });
      void this.deliver(body.text, body.payload, '');
    },

    /** Shows the traveller's bubble, sends it, then shows every reply; on failure puts typed text back. */
    async deliver(text: string, payload: string | undefined, restoreInput: string) {
      const mine = myMessage(nextId(), text);
      this.setData({ messages: [...this.data.messages, mine], sending: true, notice: '', scrollTo: mine.id });
      const result = await sendMessage(text, payload);
      if (!result.ok) {
        this.setData({ sending: false, notice: translate(this.data.lang, 'sendFailed'), input: restoreInput || this.data.input });
        return;
      }
      const replies = Array.isArray(result.data.replies) ? result.data.replies : [];
      const bubbles = replies.map((r) => botMessage(nextId(), r, this.data.lang));
      const messages = [...this.data.messages, ...bubbles];
      const last = messages[messages.length - 1];
      this.setData({ messages, sending: false, handoff: handedOff(this.data.handoff, replies), scrollTo: last ? last.id : '' });
    },

    onBook(e: WechatMiniprogram.CustomEvent<BookEventDetail>) {
      if (isQuoteToken(e.detail.quoteToken)) wx.navigateTo({ url: bookingPagePath(e.detail.quoteToken) });
    },

    onOpenCard(e: WechatMiniprogram.CustomEvent<{ card: HotelCard }>) {
      if (e.detail.card) wx.navigateTo({ url: hotelPagePath(e.detail.card) });
    },

    onMyBookings() {
      wx.navigateTo({ url: PAGES.bookings });
    },

    /** Back from the customer-service conversation through a mini-program card: open the page it names. */
    onContact(e: WechatMiniprogram.CustomEvent<{ path?: string; query?: Record<string, string> }>) {
      const path = e.detail.path;
      if (!path) return;
      const query = Object.keys(e.detail.query ?? {})
        .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(String(e.detail.query?.[k] ?? ''))}`)
        .join('&');
      wx.navigateTo({ url: `/${path.replace(/^\/+/, '')}${query ? `?${query}` : ''}` });
    },
  },
});
