/**
 * The stale sweep (every 30 s) closes open connections whose last report is too old: an
 * index of the open connections by their last report lets it read only those, instead of
 * every open connection of a big LAN party.
 */
export default `
CREATE INDEX connections_open_last_update ON connections (last_update_at) WHERE ended_at IS NULL;
`;
