-- 0006_reply_window: a channel that refused to deliver the bot's reply marks the conversation until the traveller
-- writes again (WeChat 45015: the 48-hour window closed; 45047: the replies allowed per message are used up), so an
-- agent sees that only the traveller can reopen it.
ALTER TABLE conversations ADD COLUMN reply_window_closed_at timestamptz;
-- the channel's reason, e.g. 'wechat:45015'.
ALTER TABLE conversations ADD COLUMN reply_window_reason text;
