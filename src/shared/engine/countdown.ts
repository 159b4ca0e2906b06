/** What a screen shows of a session between updates: time left counting down per connected device. */
import type { SessionView } from '../domain';
import { isLive } from './session-state';

/**
 * Seconds left at `now`: the core's figure at `asOf`, minus the time every connected
 * device has used since, capped by the validity window (once the core says it has opened);
 * 0 once the session has ended; null when unbounded.
 */
export function timeLeftAt(s: Pick<SessionView, 'state' | 'remaining' | 'asOf' | 'devices'>, now: number): number | null {
  if (s.remaining.timeS === null) return null;
  if (!isLive(s.state)) return 0;
  const elapsed = Math.max(0, Math.floor((now - s.asOf) / 1000));
  // Only a session in use consumes time (a PENDING one has not logged in yet).
  const consuming = s.state === 'ACTIVE' ? s.devices.length : 0;
  let left = s.remaining.timeS - consuming * elapsed;
  if (s.remaining.validUntil !== null) left = Math.min(left, Math.floor((s.remaining.validUntil - now) / 1000));
  return Math.max(0, left);
}
