-- 0007_wechat_subscriptions: a WeChat traveller accepted one confirmation notice (订阅消息) for one reservation.
-- One accept allows WeChat to deliver one message, so there is one row per reservation and template, sent once:
-- pending until the reservation is confirmed and the notice goes out, then sent (or failed, with WeChat's reason).
CREATE TABLE wechat_subscriptions (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the traveller who accepted ('wechat:<openid>'), the template they accepted, and the reservation it is for.
  traveller_id    text NOT NULL,
  template_id     text NOT NULL,
  reservation_id  uuid NOT NULL REFERENCES reservations(id),
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  -- while a worker is sending it: no other worker takes it before this instant.
  claimed_until   timestamptz,
  attempts        integer NOT NULL DEFAULT 0,
  -- WeChat's errcode and errmsg of the last failed try, e.g. '43101 user refuse to accept the msg'.
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  UNIQUE (reservation_id, template_id)
);
CREATE INDEX wechat_subscriptions_pending ON wechat_subscriptions (reservation_id) WHERE status = 'pending';
