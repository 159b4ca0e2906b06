/**
 * The first schema. Money is integer minor units, bytes are integers, times are UTC
 * epoch ms, durations whole seconds. The sales ledger and the audit log are
 * append-only: triggers refuse UPDATE and DELETE.
 */
export default `
CREATE TABLE operators (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL COLLATE NOCASE,
  role        TEXT NOT NULL CHECK (role IN ('admin', 'cashier')),
  pin_hash    TEXT NOT NULL,
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX operators_name ON operators (name);

CREATE TABLE packages (
  id                INTEGER PRIMARY KEY,
  name              TEXT NOT NULL,
  pricing           TEXT NOT NULL CHECK (pricing IN ('fixed', 'per_unit')),
  price_minor       INTEGER NOT NULL CHECK (price_minor >= 0),
  time_limit_s      INTEGER CHECK (time_limit_s > 0),
  validity_s        INTEGER CHECK (validity_s > 0),
  data_limit_bytes  INTEGER CHECK (data_limit_bytes > 0),
  rate_down_kbps    INTEGER CHECK (rate_down_kbps > 0),
  rate_up_kbps      INTEGER CHECK (rate_up_kbps > 0),
  device_limit      INTEGER NOT NULL DEFAULT 1 CHECK (device_limit BETWEEN 1 AND 16),
  idle_timeout_s    INTEGER CHECK (idle_timeout_s > 0),
  sort_order        INTEGER NOT NULL DEFAULT 0,
  active            INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  CHECK (time_limit_s IS NOT NULL OR data_limit_bytes IS NOT NULL OR validity_s IS NOT NULL)
) STRICT;

CREATE TABLE routers (
  id                              INTEGER PRIMARY KEY,
  name                            TEXT NOT NULL,
  ip                              TEXT NOT NULL,
  secret                          TEXT NOT NULL,
  coa_port                        INTEGER NOT NULL DEFAULT 3799 CHECK (coa_port BETWEEN 1 AND 65535),
  require_message_authenticator   TEXT NOT NULL DEFAULT 'auto' CHECK (require_message_authenticator IN ('auto', 'yes', 'no')),
  message_authenticator_seen      INTEGER NOT NULL DEFAULT 0 CHECK (message_authenticator_seen IN (0, 1)),
  api_host                        TEXT,
  api_port                        INTEGER CHECK (api_port BETWEEN 1 AND 65535),
  api_user                        TEXT,
  api_password                    TEXT,
  api_tls                         INTEGER NOT NULL DEFAULT 0 CHECK (api_tls IN (0, 1)),
  last_seen_at                    INTEGER,
  removed_at                      INTEGER,
  created_at                      INTEGER NOT NULL,
  updated_at                      INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX routers_ip ON routers (ip) WHERE removed_at IS NULL;

CREATE TABLE sessions (
  id                INTEGER PRIMARY KEY,
  login             TEXT NOT NULL CHECK (login IN ('voucher', 'mac')),
  voucher_code      TEXT NOT NULL,
  password          TEXT NOT NULL,
  mac               TEXT,
  state             TEXT NOT NULL CHECK (state IN ('PENDING', 'ACTIVE', 'EXPIRED', 'TERMINATED')),
  package_id        INTEGER NOT NULL REFERENCES packages (id),
  package_name      TEXT NOT NULL,
  time_limit_s      INTEGER CHECK (time_limit_s >= 0),
  validity_s        INTEGER CHECK (validity_s >= 0),
  data_limit_bytes  INTEGER CHECK (data_limit_bytes >= 0),
  rate_down_kbps    INTEGER,
  rate_up_kbps      INTEGER,
  device_limit      INTEGER NOT NULL CHECK (device_limit >= 1),
  idle_timeout_s    INTEGER,
  pc_user           TEXT,
  pc_station        TEXT,
  bytes_in          INTEGER NOT NULL DEFAULT 0 CHECK (bytes_in >= 0),
  bytes_out         INTEGER NOT NULL DEFAULT 0 CHECK (bytes_out >= 0),
  time_used_s       INTEGER NOT NULL DEFAULT 0 CHECK (time_used_s >= 0),
  created_at        INTEGER NOT NULL,
  first_login_at    INTEGER,
  last_update_at    INTEGER,
  ended_at          INTEGER,
  end_reason        TEXT,
  CHECK (login = 'voucher' OR mac IS NOT NULL),
  CHECK ((state IN ('EXPIRED', 'TERMINATED')) = (ended_at IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX sessions_live_code ON sessions (voucher_code) WHERE state IN ('PENDING', 'ACTIVE');
CREATE UNIQUE INDEX sessions_live_mac ON sessions (mac) WHERE mac IS NOT NULL AND state IN ('PENDING', 'ACTIVE');
CREATE INDEX sessions_code ON sessions (voucher_code, id);
CREATE INDEX sessions_live ON sessions (state) WHERE state IN ('PENDING', 'ACTIVE');
CREATE INDEX sessions_pc_user ON sessions (pc_user) WHERE pc_user IS NOT NULL;
CREATE INDEX sessions_ended_at ON sessions (ended_at) WHERE ended_at IS NOT NULL;

CREATE TABLE sales (
  id                  INTEGER PRIMARY KEY,
  kind                TEXT NOT NULL CHECK (kind IN ('sale', 'topup', 'void')),
  session_id          INTEGER NOT NULL REFERENCES sessions (id),
  package_id          INTEGER NOT NULL REFERENCES packages (id),
  package_name        TEXT NOT NULL,
  package_terms       TEXT NOT NULL,
  price_minor         INTEGER NOT NULL,
  paid_minor          INTEGER NOT NULL,
  change_minor        INTEGER NOT NULL,
  payment_method      TEXT NOT NULL CHECK (payment_method IN ('cash', 'e-wallet', 'card', 'other')),
  granted_time_s      INTEGER,
  granted_data_bytes  INTEGER,
  granted_validity_s  INTEGER,
  operator_id         INTEGER NOT NULL REFERENCES operators (id),
  voids_sale_id       INTEGER UNIQUE REFERENCES sales (id),
  reason              TEXT,
  request_id          TEXT UNIQUE,
  created_at          INTEGER NOT NULL,
  CHECK ((kind = 'void') = (voids_sale_id IS NOT NULL)),
  CHECK (kind = 'void' OR (price_minor >= 0 AND paid_minor >= price_minor AND change_minor = paid_minor - price_minor))
) STRICT;
CREATE INDEX sales_created_at ON sales (created_at);
CREATE INDEX sales_session ON sales (session_id);
CREATE TRIGGER sales_append_only_update BEFORE UPDATE ON sales
BEGIN SELECT RAISE(ABORT, 'the sales ledger is append-only: void a sale instead'); END;
CREATE TRIGGER sales_append_only_delete BEFORE DELETE ON sales
BEGIN SELECT RAISE(ABORT, 'the sales ledger is append-only: void a sale instead'); END;

CREATE TABLE connections (
  id                INTEGER PRIMARY KEY,
  session_id        INTEGER NOT NULL REFERENCES sessions (id),
  router_id         INTEGER NOT NULL REFERENCES routers (id),
  acct_session_id   TEXT NOT NULL,
  user_name         TEXT NOT NULL,
  mac               TEXT,
  ip                TEXT,
  started_at        INTEGER NOT NULL,
  last_update_at    INTEGER NOT NULL,
  ended_at          INTEGER,
  end_cause         TEXT,
  in_octets         INTEGER NOT NULL DEFAULT 0 CHECK (in_octets >= 0),
  out_octets        INTEGER NOT NULL DEFAULT 0 CHECK (out_octets >= 0),
  session_time_s    INTEGER NOT NULL DEFAULT 0 CHECK (session_time_s >= 0),
  disconnect        TEXT CHECK (disconnect IN ('pending', 'failed')),
  disconnect_error  TEXT,
  UNIQUE (router_id, acct_session_id)
) STRICT;
CREATE INDEX connections_open_by_session ON connections (session_id) WHERE ended_at IS NULL;
CREATE INDEX connections_open_by_router ON connections (router_id) WHERE ended_at IS NULL;
CREATE INDEX connections_session ON connections (session_id);

CREATE TABLE disconnect_outbox (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('disconnect', 'coa')),
  connection_id    INTEGER NOT NULL REFERENCES connections (id),
  session_id       INTEGER NOT NULL REFERENCES sessions (id),
  router_id        INTEGER NOT NULL REFERENCES routers (id),
  reason           TEXT NOT NULL,
  attributes       TEXT,
  status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'abandoned')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  last_error       TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX disconnect_outbox_due ON disconnect_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX disconnect_outbox_connection ON disconnect_outbox (connection_id);

CREATE TABLE webhook_events (
  id           TEXT PRIMARY KEY,
  type         TEXT NOT NULL,
  received_at  INTEGER NOT NULL,
  occurred_at  INTEGER,
  payload      TEXT NOT NULL,
  outcome      TEXT NOT NULL
) STRICT;
CREATE INDEX webhook_events_received_at ON webhook_events (received_at);

CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY,
  at           INTEGER NOT NULL,
  actor_kind   TEXT NOT NULL CHECK (actor_kind IN ('operator', 'router', 'pc-sync', 'system')),
  actor_id     INTEGER,
  actor_name   TEXT NOT NULL,
  action       TEXT NOT NULL,
  entity       TEXT NOT NULL,
  entity_id    INTEGER,
  from_state   TEXT,
  to_state     TEXT,
  reason       TEXT,
  details      TEXT
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
) STRICT;
`;
