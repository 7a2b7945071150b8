// My bookings: the reservation codes made on this phone, each loaded from the server with its status.
import { getReservation } from '../../utils/api.js';
import { keptCodes } from '../../utils/bookings-store.js';
import { currentLang } from '../../utils/env.js';
import { PAGES } from '../../utils/links.js';
import { textsOf, translate, type Lang } from '../../utils/texts.js';
import { bookingRow, inBatches, type BookingRow } from './logic.js';

Component({
  data: {
    lang: 'zh-CN' as Lang,
    t: textsOf('zh-CN'),
    rows: [] as BookingRow[],
    loading: true,
  },
  methods: {
    onLoad() {
      const lang = currentLang();
      this.setData({ lang, t: textsOf(lang) });
      wx.setNavigationBarTitle({ title: translate(lang, 'bookingsTitle') });
    },

    onShow() {
      void this.load();
    },

    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },

    async load() {
      const codes = keptCodes();
      this.setData({ loading: true });
      const rows: BookingRow[] = [];
      for (const batch of inBatches(codes, 5)) {
        const results = await Promise.all(batch.map((code) => getReservation(code)));
        batch.forEach((code, i) => {
          const r = results[i];
          if (r) rows.push(bookingRow(code, r, this.data.lang));
        });
      }
      this.setData({ rows, loading: false });
    },

    onChat() {
      wx.reLaunch({ url: PAGES.chat });
    },
  },
});
