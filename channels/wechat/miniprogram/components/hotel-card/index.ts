// A recommended hotel: tier label, name, stars, price per night and total; 预订 emits `book` with the quote token.
import { pickLang } from '../../utils/texts.js';
import { cardView, EMPTY_VIEW } from './view.js';

/** Detail of the `book` event. */
export interface BookEventDetail {
  quoteToken: string;
}

Component({
  options: { styleIsolation: 'isolated' },
  properties: {
    /** The server's HotelCard. */
    card: { type: Object, value: {} },
    /** 'zh-CN' or 'en'. */
    lang: { type: String, value: 'zh-CN' },
  },
  data: { view: EMPTY_VIEW },
  observers: {
    'card, lang': function (this: WechatMiniprogram.Component.TrivialInstance, card: unknown, lang: string) {
      this.setData({ view: cardView(card, pickLang(lang)) });
    },
  },
  methods: {
    onBook() {
      const token = this.data.view.token;
      if (!token) return;
      const detail: BookEventDetail = { quoteToken: token };
      this.triggerEvent('book', detail);
    },
    onOpen() {
      this.triggerEvent('open', { card: this.properties.card });
    },
  },
});
