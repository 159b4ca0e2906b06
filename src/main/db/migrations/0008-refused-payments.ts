/**
 * refused_payments: a payment event a payment source signed (its device took the money)
 * that the app refused — the source disabled or over its daily cap, a package it may not
 * sell, a top-up that could not be used. No sale was made, yet the coin box or the e-wallet
 * account holds the money: the reports show these, so the owner can refund or sell by hand.
 * Keyed by the event id and what was paid (payment_events' digest): a retry of the same
 * payment is one row, its tries counted; another payment under a reused id is a row of its
 * own. A retry of it taken later removes it (db: payment-sources). Unsigned or unreadable
 * requests are not money anyone paid and are not stored.
 */
export default `
CREATE TABLE refused_payments (
  source_id       INTEGER NOT NULL REFERENCES payment_sources (id),
  event_id        TEXT NOT NULL,
  payment_sha256  TEXT NOT NULL,
  received_at     INTEGER NOT NULL,
  last_at         INTEGER NOT NULL,
  tries           INTEGER NOT NULL DEFAULT 1 CHECK (tries >= 1),
  mac             TEXT NOT NULL,
  amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
  reference       TEXT,
  reason          TEXT NOT NULL,
  PRIMARY KEY (source_id, event_id, payment_sha256)
) STRICT;
CREATE INDEX refused_payments_received ON refused_payments (received_at);
`;
