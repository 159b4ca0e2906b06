/**
 * The café's people beyond the counter PC:
 * - operators get the role 'owner' (reads Reports, History and Sessions; changes
 *   nothing) and their own UI language (NULL: the café's). The role's CHECK changes,
 *   so the table is rebuilt the documented way (foreign keys are off while migrating).
 * - operator_signins: operator tokens by their SHA-256 (never the token), so a till
 *   stays signed in across a restart; idle ones are dropped.
 * - devices: browsers paired with a code (another till PC, the owner's phone), each
 *   with its own token by SHA-256, last use and where from; revoked ones are kept.
 */
export default `
CREATE TABLE operators_new (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL COLLATE NOCASE,
  role        TEXT NOT NULL CHECK (role IN ('admin', 'cashier', 'owner')),
  pin_hash    TEXT NOT NULL,
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  language    TEXT CHECK (language IN ('en', 'fil', 'id'))
) STRICT;
INSERT INTO operators_new (id, name, role, pin_hash, active, created_at, updated_at, language)
SELECT id, name, role, pin_hash, active, created_at, updated_at, NULL FROM operators;
DROP TABLE operators;
ALTER TABLE operators_new RENAME TO operators;
CREATE UNIQUE INDEX operators_name ON operators (name);

CREATE TABLE operator_signins (
  token_sha256  BLOB PRIMARY KEY,
  operator_id   INTEGER NOT NULL REFERENCES operators (id),
  created_at    INTEGER NOT NULL,
  last_used_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX operator_signins_operator ON operator_signins (operator_id);

CREATE TABLE devices (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  token_sha256  BLOB NOT NULL UNIQUE,
  paired_at     INTEGER NOT NULL,
  paired_by     INTEGER REFERENCES operators (id),
  last_used_at  INTEGER,
  last_address  TEXT,
  revoked_at    INTEGER
) STRICT;
`;
