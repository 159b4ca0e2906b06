/**
 * Self-service purchases (coin slots, e-wallet gateways):
 * - payment_sources: each with its key (what its events name), kind, signing secret
 *   (sealed at rest like the routers' secrets), the packages it may sell, its default
 *   package, an optional daily cap and the router its customers are on.
 * - payment_events: every accepted event, keyed by its source and webhook-id (the
 *   idempotency key: a retry, even after a restart, finds it and sells nothing again),
 *   with the sale and session it made and how the device's gate was opened. Refused
 *   events change nothing and are not stored.
 * - sales name the source of a self-service sale, have no operator then, and take the
 *   new payment method 'coin'. NOT NULL and CHECK change, so the table is rebuilt the
 *   documented way (with its indexes and append-only triggers).
 * - sessions name the source that sold them (a plain ADD COLUMN: no rebuild).
 * - open connections are found by MAC (a device online with a voucher that pays at the
 *   coin slot has that session topped up).
 */
export default `
CREATE TABLE payment_sources (
  id                  INTEGER PRIMARY KEY,
  key                 TEXT NOT NULL UNIQUE,
  name                TEXT NOT NULL,
  kind                TEXT NOT NULL CHECK (kind IN ('coin', 'e-wallet')),
  secret              TEXT NOT NULL,
  enabled             INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  package_ids         TEXT NOT NULL,
  default_package_id  INTEGER NOT NULL REFERENCES packages (id),
  daily_cap_minor     INTEGER CHECK (daily_cap_minor > 0),
  router_id           INTEGER REFERENCES routers (id),
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL
) STRICT;

CREATE TABLE sales_new (
  id                  INTEGER PRIMARY KEY,
  kind                TEXT NOT NULL CHECK (kind IN ('sale', 'topup', 'void')),
  session_id          INTEGER NOT NULL REFERENCES sessions (id),
  package_id          INTEGER NOT NULL REFERENCES packages (id),
  package_name        TEXT NOT NULL,
  package_terms       TEXT NOT NULL,
  price_minor         INTEGER NOT NULL,
  paid_minor          INTEGER NOT NULL,
  change_minor        INTEGER NOT NULL,
  payment_method      TEXT NOT NULL CHECK (payment_method IN ('cash', 'e-wallet', 'card', 'other', 'voucher-card', 'coin')),
  granted_time_s      INTEGER,
  granted_data_bytes  INTEGER,
  granted_validity_s  INTEGER,
  operator_id         INTEGER REFERENCES operators (id),
  voids_sale_id       INTEGER UNIQUE REFERENCES sales (id),
  reason              TEXT,
  request_id          TEXT UNIQUE,
  created_at          INTEGER NOT NULL,
  shift_id            INTEGER REFERENCES shifts (id),
  wallet              TEXT,
  payment_ref         TEXT,
  source_id           INTEGER REFERENCES payment_sources (id),
  CHECK ((kind = 'void') = (voids_sale_id IS NOT NULL)),
  CHECK (kind = 'void' OR (price_minor >= 0 AND paid_minor >= price_minor AND change_minor = paid_minor - price_minor)),
  CHECK (wallet IS NULL OR payment_method = 'e-wallet'),
  CHECK (operator_id IS NOT NULL OR (source_id IS NOT NULL AND kind <> 'void')),
  CHECK (payment_method <> 'coin' OR source_id IS NOT NULL)
) STRICT;
INSERT INTO sales_new (id, kind, session_id, package_id, package_name, package_terms, price_minor, paid_minor, change_minor,
  payment_method, granted_time_s, granted_data_bytes, granted_validity_s, operator_id, voids_sale_id, reason, request_id,
  created_at, shift_id, wallet, payment_ref, source_id)
SELECT id, kind, session_id, package_id, package_name, package_terms, price_minor, paid_minor, change_minor,
  payment_method, granted_time_s, granted_data_bytes, granted_validity_s, operator_id, voids_sale_id, reason, request_id,
  created_at, shift_id, wallet, payment_ref, NULL FROM sales;
DROP TABLE sales;
ALTER TABLE sales_new RENAME TO sales;
CREATE INDEX sales_created_at ON sales (created_at);
CREATE INDEX sales_session ON sales (session_id);
CREATE INDEX sales_shift ON sales (shift_id) WHERE shift_id IS NOT NULL;
CREATE INDEX sales_source ON sales (source_id, created_at) WHERE source_id IS NOT NULL;
CREATE UNIQUE INDEX sales_one_sale_per_session ON sales (session_id) WHERE kind = 'sale';
CREATE TRIGGER sales_append_only_update BEFORE UPDATE ON sales
BEGIN SELECT RAISE(ABORT, 'the sales ledger is append-only: void a sale instead'); END;
CREATE TRIGGER sales_append_only_delete BEFORE DELETE ON sales
BEGIN SELECT RAISE(ABORT, 'the sales ledger is append-only: void a sale instead'); END;

ALTER TABLE sessions ADD COLUMN source_id INTEGER REFERENCES payment_sources (id);

CREATE TABLE payment_events (
  source_id       INTEGER NOT NULL REFERENCES payment_sources (id),
  event_id        TEXT NOT NULL,
  payment_sha256  TEXT NOT NULL,
  received_at     INTEGER NOT NULL,
  occurred_at     INTEGER NOT NULL,
  mac             TEXT NOT NULL,
  ip              TEXT,
  amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
  package_id      INTEGER NOT NULL REFERENCES packages (id),
  reference       TEXT,
  sale_id         INTEGER NOT NULL UNIQUE REFERENCES sales (id),
  session_id      INTEGER NOT NULL REFERENCES sessions (id),
  outcome         TEXT NOT NULL CHECK (outcome IN ('new', 'topup')),
  gate            TEXT CHECK (gate IN ('router-api', 'login-page', 'already-online')),
  gate_at         INTEGER,
  gate_error      TEXT,
  PRIMARY KEY (source_id, event_id)
) STRICT;
CREATE INDEX payment_events_received_at ON payment_events (received_at);
CREATE INDEX payment_events_session ON payment_events (session_id);
CREATE INDEX connections_open_by_mac ON connections (mac) WHERE ended_at IS NULL;
`;
