/**
 * Voucher cards and payment references:
 * - batches: cards generated together for one package, with the package's terms and
 *   price as they were (a card's sale, at its first use or at generation, uses these).
 * - sessions gain the state STOCK (a card printed, not sold yet) and the batch they
 *   belong to. SQLite cannot change a CHECK constraint in place, so the table is rebuilt
 *   the documented way (new table, copy, drop, rename; the migration runner turns
 *   foreign keys off around it and checks them before committing). The live-code index
 *   now covers cards in stock: a code is unique against every usable voucher and card.
 * - sales record the e-wallet and the payment's reference number, and a new payment
 *   method 'voucher-card' (a card sold by its first use; 'card' stays a bank card). The
 *   CHECK changes, so sales is rebuilt the same way, with its append-only triggers. A
 *   session has at most one original sale: a unique index says so (a card's first login,
 *   however often it is retried, can never write a second one).
 */
export default `
CREATE TABLE batches (
  id                  INTEGER PRIMARY KEY,
  package_id          INTEGER NOT NULL REFERENCES packages (id),
  package_name        TEXT NOT NULL,
  package_terms       TEXT NOT NULL,
  price_minor         INTEGER NOT NULL CHECK (price_minor >= 0),
  granted_time_s      INTEGER,
  granted_data_bytes  INTEGER,
  granted_validity_s  INTEGER,
  count               INTEGER NOT NULL CHECK (count BETWEEN 1 AND 2000),
  prefix              TEXT NOT NULL DEFAULT '',
  mode                TEXT NOT NULL CHECK (mode IN ('code', 'code+password')),
  label               TEXT NOT NULL DEFAULT '',
  sold_when           TEXT NOT NULL CHECK (sold_when IN ('first-use', 'generation')),
  created_by          INTEGER NOT NULL REFERENCES operators (id),
  created_at          INTEGER NOT NULL,
  request_id          TEXT UNIQUE
) STRICT;
CREATE INDEX batches_created_at ON batches (created_at);

CREATE TABLE sessions_new (
  id                 INTEGER PRIMARY KEY,
  login              TEXT NOT NULL CHECK (login IN ('voucher', 'mac')),
  voucher_code       TEXT NOT NULL,
  password           TEXT NOT NULL,
  mac                TEXT,
  state              TEXT NOT NULL CHECK (state IN ('STOCK', 'PENDING', 'ACTIVE', 'EXPIRED', 'TERMINATED')),
  package_id         INTEGER NOT NULL REFERENCES packages (id),
  package_name       TEXT NOT NULL,
  time_limit_s       INTEGER CHECK (time_limit_s >= 0),
  validity_s         INTEGER CHECK (validity_s >= 0),
  data_limit_bytes   INTEGER CHECK (data_limit_bytes >= 0),
  rate_down_kbps     INTEGER,
  rate_up_kbps       INTEGER,
  device_limit       INTEGER NOT NULL CHECK (device_limit >= 1),
  idle_timeout_s     INTEGER,
  pc_user            TEXT,
  pc_station         TEXT,
  bytes_in           INTEGER NOT NULL DEFAULT 0 CHECK (bytes_in >= 0),
  bytes_out          INTEGER NOT NULL DEFAULT 0 CHECK (bytes_out >= 0),
  time_used_s        INTEGER NOT NULL DEFAULT 0 CHECK (time_used_s >= 0),
  created_at         INTEGER NOT NULL,
  first_login_at     INTEGER,
  last_update_at     INTEGER,
  ended_at           INTEGER,
  end_reason         TEXT,
  unused_expires_at  INTEGER,
  batch_id           INTEGER REFERENCES batches (id),
  CHECK (login = 'voucher' OR mac IS NOT NULL),
  CHECK ((state IN ('EXPIRED', 'TERMINATED')) = (ended_at IS NOT NULL)),
  CHECK (state <> 'STOCK' OR (batch_id IS NOT NULL AND login = 'voucher' AND first_login_at IS NULL))
) STRICT;
INSERT INTO sessions_new (id, login, voucher_code, password, mac, state, package_id, package_name, time_limit_s, validity_s,
  data_limit_bytes, rate_down_kbps, rate_up_kbps, device_limit, idle_timeout_s, pc_user, pc_station, bytes_in, bytes_out,
  time_used_s, created_at, first_login_at, last_update_at, ended_at, end_reason, unused_expires_at)
SELECT id, login, voucher_code, password, mac, state, package_id, package_name, time_limit_s, validity_s,
  data_limit_bytes, rate_down_kbps, rate_up_kbps, device_limit, idle_timeout_s, pc_user, pc_station, bytes_in, bytes_out,
  time_used_s, created_at, first_login_at, last_update_at, ended_at, end_reason, unused_expires_at FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE UNIQUE INDEX sessions_live_code ON sessions (voucher_code) WHERE state IN ('STOCK', 'PENDING', 'ACTIVE');
CREATE UNIQUE INDEX sessions_live_mac ON sessions (mac) WHERE mac IS NOT NULL AND state IN ('PENDING', 'ACTIVE');
CREATE INDEX sessions_code ON sessions (voucher_code, id);
CREATE INDEX sessions_live ON sessions (state) WHERE state IN ('PENDING', 'ACTIVE');
CREATE INDEX sessions_pc_user ON sessions (pc_user) WHERE pc_user IS NOT NULL;
CREATE INDEX sessions_ended_at ON sessions (ended_at) WHERE ended_at IS NOT NULL;
CREATE INDEX sessions_unused_expiry ON sessions (unused_expires_at) WHERE state = 'PENDING' AND unused_expires_at IS NOT NULL;
CREATE INDEX sessions_batch ON sessions (batch_id, state) WHERE batch_id IS NOT NULL;

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
  payment_method      TEXT NOT NULL CHECK (payment_method IN ('cash', 'e-wallet', 'card', 'other', 'voucher-card')),
  granted_time_s      INTEGER,
  granted_data_bytes  INTEGER,
  granted_validity_s  INTEGER,
  operator_id         INTEGER NOT NULL REFERENCES operators (id),
  voids_sale_id       INTEGER UNIQUE REFERENCES sales (id),
  reason              TEXT,
  request_id          TEXT UNIQUE,
  created_at          INTEGER NOT NULL,
  shift_id            INTEGER REFERENCES shifts (id),
  wallet              TEXT,
  payment_ref         TEXT,
  CHECK ((kind = 'void') = (voids_sale_id IS NOT NULL)),
  CHECK (kind = 'void' OR (price_minor >= 0 AND paid_minor >= price_minor AND change_minor = paid_minor - price_minor)),
  CHECK (wallet IS NULL OR payment_method = 'e-wallet')
) STRICT;
INSERT INTO sales_new (id, kind, session_id, package_id, package_name, package_terms, price_minor, paid_minor, change_minor,
  payment_method, granted_time_s, granted_data_bytes, granted_validity_s, operator_id, voids_sale_id, reason, request_id,
  created_at, shift_id, wallet)
SELECT id, kind, session_id, package_id, package_name, package_terms, price_minor, paid_minor, change_minor,
  payment_method, granted_time_s, granted_data_bytes, granted_validity_s, operator_id, voids_sale_id, reason, request_id,
  created_at, shift_id, NULL FROM sales;
DROP TABLE sales;
ALTER TABLE sales_new RENAME TO sales;
CREATE INDEX sales_created_at ON sales (created_at);
CREATE INDEX sales_session ON sales (session_id);
CREATE INDEX sales_shift ON sales (shift_id) WHERE shift_id IS NOT NULL;
CREATE UNIQUE INDEX sales_one_sale_per_session ON sales (session_id) WHERE kind = 'sale';
CREATE TRIGGER sales_append_only_update BEFORE UPDATE ON sales
BEGIN SELECT RAISE(ABORT, 'the sales ledger is append-only: void a sale instead'); END;
CREATE TRIGGER sales_append_only_delete BEFORE DELETE ON sales
BEGIN SELECT RAISE(ABORT, 'the sales ledger is append-only: void a sale instead'); END;
`;
