-- 0005_quote_use: a quote books once; a second booking of the same quote (a reload of the link) is refused.
ALTER TABLE quotes ADD COLUMN reservation_id uuid REFERENCES reservations(id);
