/**
 * How many times a router confirmed a connection cut off (a Disconnect-ACK, a NAK "no such
 * session", a removal over its API) and then reported the device online again: from the
 * first, its word on that connection is no proof, and the Disconnect is settled only by a
 * Stop, the device going quiet, or the RouterOS API removing it. Adding a column with a
 * constant default rewrites no rows.
 */
export default `
ALTER TABLE connections ADD COLUMN ignored_disconnects INTEGER NOT NULL DEFAULT 0 CHECK (ignored_disconnects >= 0);
`;
