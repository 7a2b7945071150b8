-- 0001_booking: tenants, users, hotels, room types, nightly inventory, quotes, reservations, idempotency.
-- Append-only: never edit a migration that has landed; add the next number instead.

CREATE TABLE tenants (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  seed_key    text UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id      uuid REFERENCES tenants(id),
  email          text NOT NULL,
  password_hash  text NOT NULL,
  role           text NOT NULL CHECK (role IN ('admin', 'operator', 'agent')),
  display_name   text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  -- admins are the platform's; operators belong to a tenant; agents to a tenant or the platform.
  CHECK (role <> 'admin' OR tenant_id IS NULL),
  CHECK (role <> 'operator' OR tenant_id IS NOT NULL)
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE hotels (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id       uuid NOT NULL REFERENCES tenants(id),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en         text,
  -- city: the canonical name as travellers write it in Chinese (北京); city_key: lower-case English key (beijing).
  city            text NOT NULL,
  city_en         text,
  city_key        text NOT NULL,
  tier            text NOT NULL CHECK (tier IN ('budget', 'comfort', 'luxury')),
  stars           smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
  -- grade: the Chinese OTA grade (经济型 / 舒适型 / 高档型 / 豪华型).
  grade           text,
  rating          numeric(2, 1) CHECK (rating BETWEEN 0 AND 5),
  address         text,
  address_en      text,
  phone           text,
  metro           text,
  description     text,
  description_en  text,
  -- amenities: canonical codes (wifi, breakfast, parking, …); facilities: the hotel's own words.
  amenities       text[] NOT NULL DEFAULT '{}',
  facilities      text[] NOT NULL DEFAULT '{}',
  nearby_sights   text[] NOT NULL DEFAULT '{}',
  photos          text[] NOT NULL DEFAULT '{}',
  -- policies: {checkInTime, checkOutTime, breakfast, parking, pets, cancellation, …} in zh and en.
  policies        jsonb NOT NULL DEFAULT '{}',
  payment_mode    text NOT NULL DEFAULT 'at_hotel' CHECK (payment_mode IN ('at_hotel', 'prepay')),
  hold_minutes    integer NOT NULL DEFAULT 30 CHECK (hold_minutes BETWEEN 5 AND 10080),
  -- free cancellation ends this many hours before check-in day begins (hotel time); 0 = until check-in day.
  cancel_hours    integer NOT NULL DEFAULT 0 CHECK (cancel_hours BETWEEN 0 AND 720),
  source          text,
  seed_key        text UNIQUE,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((tier = 'budget' AND stars <= 2) OR (tier = 'comfort' AND stars = 3) OR (tier = 'luxury' AND stars >= 4))
);
CREATE INDEX hotels_tenant ON hotels (tenant_id, created_at, id);
CREATE INDEX hotels_city ON hotels (city_key, tier);

CREATE TABLE room_types (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  hotel_id      uuid NOT NULL REFERENCES hotels(id),
  tenant_id     uuid NOT NULL REFERENCES tenants(id),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en       text,
  capacity      smallint NOT NULL CHECK (capacity BETWEEN 1 AND 20),
  base_price    bigint NOT NULL CHECK (base_price >= 0),
  currency      text NOT NULL DEFAULT 'CNY' CHECK (currency = 'CNY'),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX room_types_hotel ON room_types (hotel_id, created_at);

-- A row per room type and night. booked never exceeds allotment: the last line of defence against overbooking.
CREATE TABLE inventory (
  room_type_id  uuid NOT NULL REFERENCES room_types(id),
  night         date NOT NULL,
  allotment     integer NOT NULL CHECK (allotment >= 0),
  booked        integer NOT NULL DEFAULT 0,
  price         bigint NOT NULL CHECK (price >= 0),
  stop_sell     boolean NOT NULL DEFAULT false,
  PRIMARY KEY (room_type_id, night),
  CONSTRAINT inventory_booked_within_allotment CHECK (booked >= 0 AND booked <= allotment)
);

-- A server-priced offer for one stay, valid until expires_at; token opens the booking link.
CREATE TABLE quotes (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token          text NOT NULL UNIQUE,
  tenant_id      uuid NOT NULL REFERENCES tenants(id),
  hotel_id       uuid NOT NULL REFERENCES hotels(id),
  room_type_id   uuid NOT NULL REFERENCES room_types(id),
  traveller_id   text,
  check_in       date NOT NULL,
  check_out      date NOT NULL,
  rooms          integer NOT NULL CHECK (rooms >= 1),
  guests         integer NOT NULL CHECK (guests >= 1),
  nightly        bigint[] NOT NULL,
  total          bigint NOT NULL CHECK (total >= 0),
  currency       text NOT NULL DEFAULT 'CNY',
  expires_at     timestamptz NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (check_out > check_in)
);

CREATE TABLE reservations (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code               text NOT NULL UNIQUE,
  tenant_id          uuid NOT NULL REFERENCES tenants(id),
  hotel_id           uuid NOT NULL REFERENCES hotels(id),
  room_type_id       uuid NOT NULL REFERENCES room_types(id),
  quote_id           uuid REFERENCES quotes(id),
  -- who booked: the traveller's id (channel:subject), and which kind of actor made the booking.
  traveller_id       text,
  channel            text,
  booked_by          text NOT NULL DEFAULT 'traveller' CHECK (booked_by IN ('traveller', 'agent', 'operator', 'bot')),
  check_in           date NOT NULL,
  check_out          date NOT NULL,
  rooms              integer NOT NULL CHECK (rooms >= 1),
  guests             integer NOT NULL CHECK (guests >= 1),
  guest_name         text NOT NULL,
  -- the phone, encrypted with DATA_KEY (AES-256-GCM), its keyed hash for look-ups, and its last digits for display.
  guest_phone_enc    text NOT NULL,
  guest_phone_hash   text NOT NULL,
  guest_phone_last4  text NOT NULL,
  nightly            bigint[] NOT NULL,
  total              bigint NOT NULL CHECK (total >= 0),
  currency           text NOT NULL DEFAULT 'CNY',
  status             text NOT NULL CHECK (status IN ('held', 'confirmed', 'cancelled', 'expired')),
  hold_expires_at    timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  confirmed_at       timestamptz,
  cancelled_at       timestamptz,
  expired_at         timestamptz,
  CHECK (check_out > check_in),
  CHECK (status <> 'held' OR hold_expires_at IS NOT NULL)
);
CREATE INDEX reservations_hotel ON reservations (hotel_id, created_at DESC);
CREATE INDEX reservations_tenant ON reservations (tenant_id, created_at DESC);
CREATE INDEX reservations_traveller ON reservations (traveller_id, created_at DESC);
CREATE INDEX reservations_holds ON reservations (hold_expires_at) WHERE status = 'held';
CREATE INDEX reservations_phone ON reservations (guest_phone_hash);

-- The first answer to a request that carried an Idempotency-Key, stored as text so replays are byte-identical.
CREATE TABLE idempotency_keys (
  scope          text NOT NULL,
  key            text NOT NULL,
  request_hash   text NOT NULL,
  status_code    integer NOT NULL,
  response       text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- Travellers and their conversations: every channel's sender becomes one traveller.
CREATE TABLE travellers (
  id            text PRIMARY KEY,
  channel       text NOT NULL,
  tenant_id     uuid REFERENCES tenants(id),
  locale        text,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE conversations (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  traveller_id  text NOT NULL REFERENCES travellers(id),
  channel       text NOT NULL,
  tenant_id     uuid REFERENCES tenants(id),
  locale        text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_traveller ON conversations (traveller_id, created_at DESC);
