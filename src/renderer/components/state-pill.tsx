import type { SessionState } from '../../shared/domain';
import { useT, type MessageId } from '../i18n';

const labels: Record<SessionState, MessageId> = {
  STOCK: 'components.state.stock',
  PENDING: 'components.state.pending',
  ACTIVE: 'components.state.active',
  EXPIRED: 'components.state.expired',
  TERMINATED: 'components.state.terminated',
};

/** A session's state in the café's words: In stock (a printed card not sold yet), Waiting (sold, not yet used), Online, Expired, Ended. */
export function StatePill({ state, online }: { state: SessionState; online?: boolean }) {
  const t = useT();
  const label = t(state === 'ACTIVE' && online === false ? 'components.state.paused' : labels[state]);
  return <span className={`pill pill-${state.toLowerCase()}${state === 'ACTIVE' && online === false ? ' pill-paused' : ''}`}>{label}</span>;
}
