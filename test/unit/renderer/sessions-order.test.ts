import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../../src/shared/domain';
import { sessionView } from '../../fixtures/session-view';
import { arrange, type ShownRow } from '../../../src/renderer/features/sessions/sessions-screen';

const session = sessionView;
const failed = { connectionId: 1, mac: 'AA:BB:CC:00:00:01', ip: '10.5.50.11', routerId: 1, routerName: 'hAP', startedAt: 0, lastUpdateAt: 0, disconnect: 'failed' as const, disconnectError: 'coa: no answer' };
const live = (...list: SessionView[]) => new Map(list.map((s) => [s.id, s]));
const ids = (r: { rows: ShownRow[] }) => r.rows.map((s) => ('ended' in s ? `${s.id} ended` : s.id));

describe('the Sessions screen’s frozen order (the pointer is over the list)', () => {
  it('keeps the rows shown where they were: a new session comes after them, a new problem does not jump to the top', () => {
    const shown = arrange(live(session(1), session(2), session(3)), 'all', '');
    expect(ids(shown)).toEqual([3, 2, 1]);
    const frozen = new Map(shown.rows.map((s, i) => [s.id, i]));
    // Session 4 is sold, session 1's disconnect fails: unfrozen, both would go to the top.
    const now = live(session(1, { state: 'TERMINATED', devices: [failed] }), session(2, { bytesOut: 9 }), session(3), session(4), session(5));
    expect(ids(arrange(now, 'all', ''))).toEqual([1, 5, 4, 3, 2]);
    const held = arrange(now, 'all', '', frozen);
    expect(ids(held)).toEqual([3, 2, 1, 5, 4]);
    expect(held.rows[1]).toMatchObject({ id: 2, bytesOut: 9 }); // updated in place
    expect(held.counts).toEqual({ all: 5, online: 1, waiting: 0, failing: 1 });
  });

  it('keeps the place of a session that left the live list (the rows below stay put), and still filters', () => {
    const frozen = new Map([[3, 0], [2, 1], [1, 2]]);
    expect(ids(arrange(live(session(1), session(3)), 'all', '', frozen))).toEqual([3, '2 ended', 1]);
    expect(ids(arrange(live(session(1), session(2, { state: 'PENDING' }), session(3)), 'waiting', '', frozen))).toEqual([2]);
  });
});
