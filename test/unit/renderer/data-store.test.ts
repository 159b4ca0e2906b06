import { beforeEach, describe, expect, it } from 'vitest';
import { sessionView } from '../../fixtures/session-view';
import { useData } from '../../../src/renderer/stores/data';

const session = sessionView;
const device = { connectionId: 1, mac: 'AA:BB:CC:00:00:01', ip: '10.5.50.11', routerId: 1, routerName: 'hAP', startedAt: 0, lastUpdateAt: 0, disconnect: 'pending' as const, disconnectError: null };

describe('the live sessions mirror', () => {
  beforeEach(() => useData.getState().replaceSessions([]));

  it('merges pushed batches by id and drops sessions that are over', () => {
    const d = useData.getState();
    d.replaceSessions([session(1), session(2), session(3, { state: 'EXPIRED' })]);
    expect([...useData.getState().sessions.keys()]).toEqual([1, 2]);
    const before = useData.getState().sessions;
    const ended = useData.getState().endedVersion;
    d.apply({ type: 'sessions.updated', seq: 1, at: 0, sessions: [session(1, { bytesOut: 5 }), session(2, { state: 'TERMINATED' }), session(4, { state: 'PENDING' })] });
    const s = useData.getState();
    expect([...s.sessions.keys()].sort()).toEqual([1, 4]);
    expect(s.sessions.get(1)!.bytesOut).toBe(5);
    expect(s.sessions).not.toBe(before); // a new Map: selectors see the change
    expect(s.endedVersion).toBe(ended + 1);
  });

  it('keeps an ended session on screen while its device is not yet confirmed off (disconnect pending)', () => {
    useData.getState().replaceSessions([session(1)]);
    useData.getState().applySessions([session(1, { state: 'TERMINATED', devices: [device] })]);
    expect(useData.getState().sessions.get(1)!.state).toBe('TERMINATED');
    useData.getState().applySessions([session(1, { state: 'TERMINATED' })]);
    expect(useData.getState().sessions.has(1)).toBe(false);
  });

  it('leaves the map untouched for an empty batch, and asks for reloads on catalogue changes', () => {
    const before = useData.getState().sessions;
    useData.getState().applySessions([]);
    expect(useData.getState().sessions).toBe(before);
    expect(useData.getState().apply({ type: 'packages.changed' } as never)).toBe('packages');
    expect(useData.getState().apply({ type: 'settings.changed' } as never)).toBe('settings');
  });
});

describe('the Sessions screen\'s rows', () => {
  it('puts failed disconnects first, then newest first, and counts every filter in the same pass', async () => {
    const { arrange } = await import('../../../src/renderer/features/sessions/sessions-screen');
    const failed = { ...device, disconnect: 'failed' as const, disconnectError: 'coa: no answer' };
    const sessions = new Map([session(3, { devices: [device] }), session(1, { state: 'PENDING' }), session(7, { devices: [device], pcUser: 'migs' }), session(2, { state: 'TERMINATED', devices: [failed] })].map((s) => [s.id, s]));
    const all = arrange(sessions, 'all', '');
    expect(all.rows.map((s) => s.id)).toEqual([2, 7, 3, 1]);
    expect(all.counts).toEqual({ all: 4, online: 3, waiting: 1, failing: 1 });
    expect(arrange(sessions, 'waiting', '').rows.map((s) => s.id)).toEqual([1]);
    expect(arrange(sessions, 'failing', '').rows.map((s) => s.id)).toEqual([2]);
    expect(arrange(sessions, 'all', 'migs').rows.map((s) => s.id)).toEqual([7]);
    expect(arrange(sessions, 'online', 'aa:bb').rows.map((s) => s.id)).toEqual([2, 7, 3]);
  });
});

