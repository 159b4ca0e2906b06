/**
 * A refused payment settled at the counter: refunded (the customer got the money back) or
 * sold by hand (the cashier sold what it paid for: a payment event and its sale now exist
 * under the same event id and payment, so a retry of it is answered as a duplicate). Who did
 * it, when and why stay with the row; the reports count only what is still to settle, and a
 * retry of a refunded payment is refused for good (it would be paid twice). `package_id`: the
 * package the event named (null when it named none: its source's default), so the cashier
 * can sell what the customer chose; rows refused before this migration have none. Not a
 * foreign key: an event may name a package that does not exist (that is why it was refused).
 */
export default `
ALTER TABLE refused_payments ADD COLUMN package_id INTEGER;
ALTER TABLE refused_payments ADD COLUMN settled TEXT CHECK (settled IN ('refunded', 'sold'));
ALTER TABLE refused_payments ADD COLUMN settled_at INTEGER;
ALTER TABLE refused_payments ADD COLUMN settled_by INTEGER REFERENCES operators (id);
ALTER TABLE refused_payments ADD COLUMN settled_note TEXT;
ALTER TABLE refused_payments ADD COLUMN sale_id INTEGER REFERENCES sales (id);
CREATE INDEX refused_payments_open ON refused_payments (received_at) WHERE settled IS NULL;
`;
