// The channel's own fixed words, in Chinese and English at once (a push does not say the traveller's language).

/** Sent when the traveller opens the customer-service session (`user_enter_tempsession`). */
export const WELCOME_TEXT =
  '您好！我是 TourDesk 订房助手。告诉我城市、入住和离店日期、人数和预算，我为您推荐经济、舒适、豪华三档酒店。\n' +
  "Hi! I'm TourDesk's booking assistant. Tell me the city, your dates, how many guests and your budget, and I'll suggest a budget, a comfort and a luxury hotel.";

/** Sent for a picture: the bot reads text only. */
export const IMAGE_TEXT =
  '抱歉，我目前只能阅读文字消息，请用文字告诉我您的需求。\n' + 'Sorry, I can only read text for now. Please type your request.';
