// The hotel page: what the recommendation card carries, a booking button and a way back to the chat.
import { currentLang } from '../../utils/env.js';
import { bookingPagePath, PAGES } from '../../utils/links.js';
import { textsOf } from '../../utils/texts.js';
import { decodeCard, hotelView, type HotelView } from './logic.js';

Component({
  data: {
    t: textsOf('zh-CN'),
    view: null as HotelView | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const lang = currentLang();
      const card = decodeCard(query.card);
      const view = card ? hotelView(card, lang) : null;
      this.setData({ t: textsOf(lang), view });
      if (view) wx.setNavigationBarTitle({ title: view.name });
    },

    onBook() {
      const token = this.data.view?.token;
      if (token) wx.navigateTo({ url: bookingPagePath(token) });
    },

    onBack() {
      // Opened from the chat, going back keeps the conversation; opened alone, the chat starts afresh.
      if (getCurrentPages().length > 1) wx.navigateBack({ delta: 1 });
      else wx.reLaunch({ url: PAGES.chat });
    },
  },
});
