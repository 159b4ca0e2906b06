/**
 * A router reuses Acct-Session-Ids (MikroTik restarts its counter at boot): one is unique
 * among a router's open connections only, and a closed connection keeps its id while a new
 * customer's connection takes it. The table is rebuilt without UNIQUE (router_id,
 * acct_session_id) (SQLite cannot drop a table constraint; foreign keys are off while
 * migrating); every row and id is kept, and the old rows satisfy the new index (they were
 * unique over all connections).
 */
export default `
CREATE TABLE connections_new (
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
  disconnect_error  TEXT
) STRICT;
INSERT INTO connections_new SELECT id, session_id, router_id, acct_session_id, user_name, mac, ip, started_at, last_update_at, ended_at,
  end_cause, in_octets, out_octets, session_time_s, disconnect, disconnect_error FROM connections;
DROP TABLE connections;
ALTER TABLE connections_new RENAME TO connections;
CREATE UNIQUE INDEX connections_open_key ON connections (router_id, acct_session_id) WHERE ended_at IS NULL;
CREATE INDEX connections_key ON connections (router_id, acct_session_id, id);
CREATE INDEX connections_open_by_session ON connections (session_id) WHERE ended_at IS NULL;
CREATE INDEX connections_open_by_router ON connections (router_id) WHERE ended_at IS NULL;
CREATE INDEX connections_session ON connections (session_id);
CREATE INDEX connections_open_by_mac ON connections (mac) WHERE ended_at IS NULL;
`;
