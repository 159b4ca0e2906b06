/** What a screen shows of a session between updates: time left counting down per connected device. */
import type { SessionView } from '../domain';

/**
 * Seconds left at `now`: the core's figure at `asOf`, minus the time every connected
 * device has used since, capped by the validity window; null when unbounded.
 */
export function timeLeftAt(s: Pick<SessionView, 'state' | 'remaining' | 'asOf' | 'devices'>, now: number): number | null {
  if (s.remaining.timeS === null) return null;
  if (s.state !== 'ACTIVE') return s.state === 'PENDING' ? s.remaining.timeS : 0;
  const elapsed = Math.max(0, Math.floor((now - s.asOf) / 1000));
  let left = s.remaining.timeS - s.devices.length * elapsed;
  if (s.remaining.validUntil !== null) left = Math.min(left, Math.floor((s.remaining.validUntil - now) / 1000));
  return Math.max(0, left);
}
