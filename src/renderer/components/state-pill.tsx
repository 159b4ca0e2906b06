import type { SessionState } from '../../shared/domain';

const labels: Record<SessionState, string> = { STOCK: 'In stock', PENDING: 'Waiting', ACTIVE: 'Online', EXPIRED: 'Expired', TERMINATED: 'Ended' };

/** A session's state in the café's words: In stock (a printed card not sold yet), Waiting (sold, not yet used), Online, Expired, Ended. */
export function StatePill({ state, online }: { state: SessionState; online?: boolean }) {
  const label = state === 'ACTIVE' && online === false ? 'Paused' : labels[state];
  return <span className={`pill pill-${state.toLowerCase()}${state === 'ACTIVE' && online === false ? ' pill-paused' : ''}`}>{label}</span>;
}
