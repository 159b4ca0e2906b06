/**
 * The till's second schema step:
 * - shifts: one per operator at a time (opened at sign-in or by the first sale), closed
 *   with the cash counted in the drawer; every ledger row from now on names its shift.
 * - packages keep their number key (1–9) on the Sell screen: a new or retired package
 *   does not move the others'. Existing packages get keys in today's Sell order.
 * - a package may say how long an unused voucher stays valid after the sale; the
 *   session carries the resulting deadline.
 */
export default `
CREATE TABLE shifts (
  id                   INTEGER PRIMARY KEY,
  operator_id          INTEGER NOT NULL REFERENCES operators (id),
  opened_at            INTEGER NOT NULL,
  closed_at            INTEGER,
  closed_by            INTEGER REFERENCES operators (id),
  cash_expected_minor  INTEGER,
  cash_counted_minor   INTEGER CHECK (cash_counted_minor >= 0),
  note                 TEXT,
  CHECK ((closed_at IS NULL) = (closed_by IS NULL)),
  CHECK ((closed_at IS NULL) = (cash_counted_minor IS NULL)),
  CHECK ((closed_at IS NULL) = (cash_expected_minor IS NULL))
) STRICT;
CREATE UNIQUE INDEX shifts_open_per_operator ON shifts (operator_id) WHERE closed_at IS NULL;
CREATE INDEX shifts_opened_at ON shifts (opened_at);

ALTER TABLE sales ADD COLUMN shift_id INTEGER REFERENCES shifts (id);
CREATE INDEX sales_shift ON sales (shift_id) WHERE shift_id IS NOT NULL;

ALTER TABLE packages ADD COLUMN hotkey INTEGER CHECK (hotkey BETWEEN 1 AND 9);
UPDATE packages SET hotkey = (
  SELECT r.n FROM (SELECT id, row_number() OVER (ORDER BY sort_order, price_minor, id) AS n FROM packages WHERE active = 1) r
  WHERE r.id = packages.id AND r.n <= 9
) WHERE active = 1;
CREATE UNIQUE INDEX packages_hotkey ON packages (hotkey) WHERE active = 1 AND hotkey IS NOT NULL;

ALTER TABLE packages ADD COLUMN unused_expiry_s INTEGER CHECK (unused_expiry_s > 0);
ALTER TABLE sessions ADD COLUMN unused_expires_at INTEGER;
CREATE INDEX sessions_unused_expiry ON sessions (unused_expires_at) WHERE state = 'PENDING' AND unused_expires_at IS NOT NULL;
`;
