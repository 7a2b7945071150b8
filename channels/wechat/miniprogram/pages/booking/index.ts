// The booking page: the quote from its token, the guest's name and phone, the confirmation-notice request, one idempotent booking.
import { book, getQuote, recordSubscription } from '../../utils/api.js';
import { keepCode } from '../../utils/bookings-store.js';
import { currentConfig, currentLang } from '../../utils/env.js';
import { isQuoteToken, PAGES } from '../../utils/links.js';
import { idempotencyKey, weakRandomBytes } from '../../utils/retry.js';
import { textsOf, translate, type Lang } from '../../utils/texts.js';
import type { BookingBody, Quote } from '../../utils/types.js';
import { acceptedTemplate, afterBooking, bookedView, bookingBody, checkGuest, quoteExpired, quoteLines, type QuoteLine } from './logic.js';

type State = 'loading' | 'unreachable' | 'unavailable' | 'ready' | 'booked';

Component({
  data: {
    lang: 'zh-CN' as Lang,
    t: textsOf('zh-CN'),
    state: 'loading' as State,
    token: '',
    quote: null as Quote | null,
    lines: [] as QuoteLine[],
    name: '',
    phone: '',
    message: '',
    submitting: false,
    /** The fields are locked: an attempt is pending (its outcome unknown) or the quote can no longer be booked. */
    locked: false,
    finalized: false,
    submitLabel: '',
    /** One key for this page: a retry, or a second tap, replays the same booking instead of making another. */
    key: '',
    /** The body of an attempt whose outcome is unknown; a retry sends it unchanged. */
    pending: null as BookingBody | null,
    /** Whether the traveller accepted the confirmation notice (asked once per page). */
    subscribed: false,
    askedToSubscribe: false,
    result: { title: '', note: '', code: '', status: '', total: '' },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const lang = currentLang();
      this.setData({ lang, t: textsOf(lang), submitLabel: translate(lang, 'submit'), key: idempotencyKey(weakRandomBytes(16)) });
      wx.setNavigationBarTitle({ title: translate(lang, 'bookingTitle') });
      this.strengthenKey();
      const token = query.token ?? '';
      if (!isQuoteToken(token)) {
        this.setData({ state: 'unavailable', message: translate(lang, 'errQuoteMissing') });
        return;
      }
      this.setData({ token });
      void this.loadQuote();
    },

    /** Replaces the page's key with one from the secure generator, where the base library has it. */
    strengthenKey() {
      try {
        wx.getRandomValues({
          length: 16,
          success: (r) => {
            if (!this.data.pending) this.setData({ key: idempotencyKey(new Uint8Array(r.randomValues)) });
          },
        });
      } catch {
        // base library < 2.15: the Math.random key stays; it only needs to be unique for this traveller
      }
    },

    async loadQuote() {
      const lang = this.data.lang;
      this.setData({ state: 'loading', message: '' });
      const r = await getQuote(this.data.token);
      if (!r.ok) {
        const unreachable = r.error === 'network' || r.status >= 500;
        this.setData({
          state: unreachable ? 'unreachable' : 'unavailable',
          message: translate(lang, unreachable ? 'errNetwork' : r.error === 'not_found' ? 'errNotFound' : 'errQuoteMissing'),
        });
        return;
      }
      const quote = r.data;
      const lines = quoteLines(quote, lang, currentConfig().hotelUtcOffsetMinutes, Date.now());
      if (quoteExpired(quote, Date.now())) {
        this.setData({ quote, lines, state: 'ready', locked: true, finalized: true, message: translate(lang, 'errQuoteExpired') });
        return;
      }
      this.setData({ quote, lines, state: 'ready' });
    },

    onReload() {
      void this.loadQuote();
    },

    onNameInput(e: WechatMiniprogram.Input) {
      this.setData({ name: e.detail.value });
    },

    onPhoneInput(e: WechatMiniprogram.Input) {
      this.setData({ phone: e.detail.value });
    },

    /** A tap: the subscribe request must come first, before any network wait, or WeChat refuses it. */
    onSubmit() {
      const { quote, lang } = this.data;
      if (!quote || this.data.submitting || this.data.finalized) return;
      let body = this.data.pending;
      if (!body) {
        if (quoteExpired(quote, Date.now())) {
          this.setData({ locked: true, finalized: true, message: translate(lang, 'errQuoteExpired') });
          return;
        }
        const guest = checkGuest(this.data.name, this.data.phone);
        if (!guest.ok) {
          this.setData({ message: translate(lang, guest.error) });
          return;
        }
        body = bookingBody(quote, guest);
      }
      const templateId = currentConfig().confirmationTemplateId;
      if (!templateId || this.data.askedToSubscribe) {
        void this.submit(body);
        return;
      }
      const ready = body;
      this.setData({ askedToSubscribe: true });
      wx.requestSubscribeMessage({
        tmplIds: [templateId],
        success: (answer) => this.setData({ subscribed: acceptedTemplate(answer, templateId) }),
        complete: () => void this.submit(ready),
      });
    },

    async submit(body: BookingBody) {
      const lang = this.data.lang;
      this.setData({ submitting: true, locked: true, pending: body, message: '', submitLabel: translate(lang, 'submitting') });
      const step = afterBooking(await book(body, this.data.key), lang);
      switch (step.kind) {
        case 'booked': {
          const r = step.reservation;
          keepCode(r.code);
          this.setData({ state: 'booked', submitting: false, finalized: true, pending: null, result: bookedView(r, lang) });
          const templateId = currentConfig().confirmationTemplateId;
          if (this.data.subscribed && templateId) void recordSubscription(templateId, r.code);
          return;
        }
        case 'unknown':
          this.setData({ submitting: false, message: step.message, submitLabel: translate(lang, 'retry') });
          return;
        case 'fix':
          this.setData({ submitting: false, locked: false, pending: null, message: step.message, submitLabel: translate(lang, 'submit') });
          return;
        case 'final':
          this.setData({ submitting: false, finalized: true, pending: null, message: step.message, submitLabel: translate(lang, 'submit') });
      }
    },

    onMyBookings() {
      wx.redirectTo({ url: PAGES.bookings });
    },

    onBackToChat() {
      if (getCurrentPages().length > 1) wx.navigateBack({ delta: 1 });
      else wx.reLaunch({ url: PAGES.chat });
    },
  },
});
