import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { SessionView } from '../../../shared/domain';
import { formatDuration } from '../../../shared/format';
import { timeLeftAt } from '../../../shared/engine/countdown';
import { Ago } from '../../components/ago';
import { Button } from '../../components/button';
import { DataBar } from '../../components/data-bar';
import { Empty, Loading } from '../../components/states';
import { StatePill } from '../../components/state-pill';
import { useT, type MessageId } from '../../i18n';
import { act } from '../../lib/sync';
import { useNow } from '../../stores/clock';
import { api } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { SessionDetails } from '../../components/session-details';
import { EndDialog, TopUpDialog } from './session-dialogs';
import { StockCards, useUnusedCards } from './stock-cards';
import { isLive } from '../../../shared/engine/session-state';

export type Filter = 'all' | 'online' | 'waiting' | 'failing';

const filters: { id: Filter; label: MessageId }[] = [
  { id: 'all', label: 'sessions.filter.all' },
  { id: 'online', label: 'sessions.filter.online' },
  { id: 'waiting', label: 'sessions.filter.waiting' },
  { id: 'failing', label: 'sessions.filter.failing' },
];

const ROW_HEIGHT = 58;

const failing = (s: SessionView) => s.devices.some((d) => d.disconnect === 'failed');

function matches(s: SessionView, filter: Filter, q: string): boolean {
  if (filter === 'online' && s.devices.length === 0) return false;
  if (filter === 'waiting' && s.state !== 'PENDING') return false;
  if (filter === 'failing' && !failing(s)) return false;
  if (!q) return true;
  return (
    s.voucherCode.includes(q) ||
    s.packageName.toLowerCase().includes(q) ||
    (s.pcUser ?? '').toLowerCase().includes(q) ||
    (s.pcStation ?? '').toLowerCase().includes(q) ||
    (s.sourceName ?? '').toLowerCase().includes(q) ||
    (s.mac ?? '').toLowerCase().includes(q) ||
    s.devices.some((d) => (d.mac ?? '').toLowerCase().includes(q) || (d.ip ?? '').includes(q) || d.routerName.toLowerCase().includes(q))
  );
}

/** The list is empty: nobody live yet, nothing matches, or the search is an unused card's code (shown above the list). */
function NoRows({ all, cards }: { all: number; cards: number }) {
  const t = useT();
  if (all === 0 && cards === 0) return <Empty title={t('sessions.emptyTitle')}>{t('sessions.emptyBody')}</Empty>;
  if (cards > 0) return <Empty title={t('sessions.noMatchCardTitle')}>{t('sessions.noMatchCardBody')}</Empty>;
  return <Empty title={t('sessions.noMatchTitle')}>{t('sessions.noMatchBody')}</Empty>;
}

/** A session that left the live list while the order was frozen: its place stays, empty, until the order is released. */
export interface EndedRow {
  id: number;
  ended: true;
}
export type ShownRow = SessionView | EndedRow;

/**
 * The rows to show (problems first, then newest first) and the count per filter, in one
 * pass over the live sessions: this runs on every pushed batch, so it stays linear (the
 * sort is over nearly sorted ids). With `frozen` (the position of each row on screen when
 * the cashier reached for the list), rows already shown keep their order, a session that
 * left the live list keeps its place as an ended row, and sessions new since then come
 * after them: nothing moves under the cashier's finger.
 */
export function arrange(sessions: Map<number, SessionView>, filter: Filter, q: string, frozen?: ReadonlyMap<number, number>): { rows: ShownRow[]; counts: Record<Filter, number> } {
  const counts = { all: sessions.size, online: 0, waiting: 0, failing: 0 };
  const problems: SessionView[] = [];
  const rest: SessionView[] = [];
  const kept: (ShownRow | undefined)[] = frozen ? new Array<ShownRow | undefined>(frozen.size) : [];
  for (const s of sessions.values()) {
    const bad = failing(s);
    if (s.devices.length > 0) counts.online++;
    if (s.state === 'PENDING') counts.waiting++;
    if (bad) counts.failing++;
    if (!matches(s, filter, q)) continue;
    const at = frozen?.get(s.id);
    if (at !== undefined) kept[at] = s;
    else (bad ? problems : rest).push(s);
  }
  const newest = (a: SessionView, b: SessionView) => b.id - a.id;
  const fresh: ShownRow[] = problems.sort(newest).concat(rest.sort(newest));
  if (!frozen) return { rows: fresh, counts };
  // Gone from the live list: its place stays (the rows below must not move up under the finger).
  // Still live but no longer matching (the cashier changed the filter or search): closed up.
  for (const [id, at] of frozen) if (!sessions.has(id)) kept[at] = { id, ended: true };
  const rows: ShownRow[] = [];
  for (const s of kept) if (s) rows.push(s);
  return { rows: rows.concat(fresh), counts };
}

/** Where each row is shown: `arrange`'s frozen order. */
function positions(rows: ShownRow[]): Map<number, number> {
  return new Map(rows.map((s, i) => [s.id, i]));
}

/** How long the order stays frozen after a finger leaves the screen (a tap's click comes after its pointerleave). */
const TOUCH_RELEASE_MS = 1500;

/** Every live session, updated as the routers report; thousands stay smooth (only visible rows render). */
export function SessionsScreen() {
  const t = useT();
  const loaded = useData((s) => s.sessionsLoaded);
  const sessions = useData((s) => s.sessions);
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim().toLowerCase());
  const cards = useUnusedCards(q);
  const [ending, setEnding] = useState<SessionView | null>(null);
  const [toppingUp, setToppingUp] = useState<SessionView | null>(null);
  const [showing, setShowing] = useState<number | null>(null);
  // The order on screen, frozen while the pointer is over the list or a dialog is open for a row.
  const [frozen, setFrozen] = useState<Map<number, number> | null>(null);
  const pointerIn = useRef(false);
  const dialogOpen = useRef(false);

  const { rows, counts } = useMemo(() => arrange(sessions, filter, q, frozen ?? undefined), [sessions, filter, q, frozen]);
  const shown = useRef(rows);
  useLayoutEffect(() => {
    shown.current = rows;
  }, [rows]);

  const hold = useCallback(() => setFrozen((f) => f ?? positions(shown.current)), []);
  const release = useCallback(() => {
    if (!pointerIn.current && !dialogOpen.current) setFrozen(null);
  }, []);
  const releaseTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(releaseTimer.current ?? undefined), []);
  const enter = () => {
    clearTimeout(releaseTimer.current ?? undefined);
    if (pointerIn.current) return;
    pointerIn.current = true;
    hold();
  };
  const leave = (e: React.PointerEvent) => {
    pointerIn.current = false;
    // A mouse has left; a finger has only lifted, and its tap is still to land: keep still a moment.
    if (e.pointerType === 'mouse') release();
    else releaseTimer.current = setTimeout(release, TOUCH_RELEASE_MS);
  };
  // Stable callbacks, so a row re-renders only when its own session changed.
  const opening = useCallback(() => {
    hold();
    dialogOpen.current = true;
  }, [hold]);
  const onEnd = useCallback(
    (s: SessionView) => {
      opening();
      setEnding(s);
    },
    [opening],
  );
  const onTopUp = useCallback(
    (s: SessionView) => {
      opening();
      setToppingUp(s);
    },
    [opening],
  );
  const onShow = useCallback(
    (id: number) => {
      opening();
      setShowing(id);
    },
    [opening],
  );
  const close = () => {
    setEnding(null);
    setToppingUp(null);
    setShowing(null);
    dialogOpen.current = false;
    release();
  };

  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- its functions change identity; this app does not use the React Compiler
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });

  if (!loaded) return <Loading what={t('sessions.loadingWhat')} />;
  return (
    <div className="sessions">
      <div className="toolbar">
        <div className="filters" role="radiogroup" aria-label={t('sessions.show')}>
          {filters.map((f) => (
            <button key={f.id} type="button" role="radio" aria-checked={filter === f.id} className={`chip${filter === f.id ? ' chip-on' : ''}${f.id === 'failing' && counts.failing ? ' chip-alert' : ''}`} onClick={() => setFilter(f.id)}>
              {t(f.label)} <span className="count">{counts[f.id]}</span>
            </button>
          ))}
        </div>
        <input className="search" type="search" placeholder={t('sessions.searchPlaceholder')} aria-label={t('sessions.search')} value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      <StockCards cards={cards} onShow={onShow} />
      <div className="table sessions-table" role="table" aria-label={t('sessions.table')} aria-rowcount={rows.length} onPointerEnter={enter} onPointerMove={enter} onPointerLeave={leave}>
        <div className="thead" role="row">
          <span role="columnheader">{t('sessions.col.state')}</span>
          <span role="columnheader">{t('sessions.col.voucher')}</span>
          <span role="columnheader">{t('sessions.col.package')}</span>
          <span role="columnheader">{t('sessions.col.devices')}</span>
          <span role="columnheader">{t('sessions.col.data')}</span>
          <span role="columnheader">{t('sessions.col.timeLeft')}</span>
          <span role="columnheader">{t('sessions.col.updated')}</span>
          <span role="columnheader" className="actions-col">
            {t('sessions.col.actions')}
          </span>
        </div>
        {rows.length === 0 ? (
          <NoRows all={counts.all} cards={cards.length} />
        ) : (
          <div className="tbody" ref={scroller}>
            <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
              {virtual.getVirtualItems().map((item) => {
                const s = rows[item.index]!;
                return 'ended' in s ? (
                  <div key={s.id} className="tr tr-ended" role="row" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
                    <span role="cell" className="muted">
                      {t('sessions.endedRow')}
                    </span>
                  </div>
                ) : (
                  <SessionRow key={s.id} session={s} top={item.start} onEnd={onEnd} onTopUp={onTopUp} onShow={onShow} />
                );
              })}
            </div>
          </div>
        )}
      </div>
      {ending ? <EndDialog session={ending} onClose={close} /> : null}
      {toppingUp ? <TopUpDialog session={toppingUp} onClose={close} /> : null}
      {showing !== null ? <SessionDetails id={showing} onClose={close} /> : null}
    </div>
  );
}

interface RowProps {
  session: SessionView;
  top: number;
  onEnd: (s: SessionView) => void;
  onTopUp: (s: SessionView) => void;
  onShow: (id: number) => void;
}

const SessionRow = memo(function SessionRow({ session: s, top, onEnd, onTopUp, onShow }: RowProps) {
  const t = useT();
  const live = isLive(s.state);
  const failed = s.devices.filter((d) => d.disconnect === 'failed');
  const pending = s.devices.some((d) => d.disconnect === 'pending');
  const retry = () => act(() => api()['sessions.retryDisconnect']({ id: s.id }), () => t('sessions.disconnectingAgain', { code: s.voucherCode }));
  return (
    <div className={`tr${failed.length ? ' tr-alert' : ''}`} role="row" style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}>
      <span role="cell">
        <StatePill state={s.state} online={s.devices.length > 0} />
      </span>
      <span role="cell">
        <button type="button" className="link mono" onClick={() => onShow(s.id)} title={t('sessions.details')}>
          {s.voucherCode}
        </button>
        {s.pcUser ? (
          <div className="sub">{s.pcStation ? t('sessions.pcUserAt', { user: s.pcUser, station: s.pcStation }) : t('sessions.pcUser', { user: s.pcUser })}</div>
        ) : s.sourceName !== null ? (
          <div className="sub">
            {/* The name only, to fit the column; the rest for the tooltip and screen readers. */}
            <span className="tag tag-source" title={t(s.login === 'mac' ? 'sessions.soldBySourceMac' : 'sessions.soldBySource', { source: s.sourceName })}>
              <span className="visually-hidden">{t('sessions.selfService')} </span>
              {s.sourceName}
            </span>
          </div>
        ) : s.login === 'mac' ? (
          <div className="sub">{t('sessions.macLogin')}</div>
        ) : null}
      </span>
      <span role="cell" className="ellipsis">
        {s.packageName}
      </span>
      <span role="cell" className="devices">
        {s.devices.length === 0 ? (
          <span className="muted">{s.state === 'PENDING' ? t('sessions.notLoggedIn') : t('sessions.offline')}</span>
        ) : (
          s.devices.map((d) => (
            <div key={d.connectionId} className={d.disconnect === 'failed' ? 'device-failed' : undefined} title={d.disconnectError ?? undefined}>
              <span className="mono">{d.mac}</span> <span className="muted">{d.ip} · {d.routerName}</span>
              {d.disconnect === 'failed' && s.devices.length === 1 ? <div className="sub">{d.disconnectError ?? t('sessions.routerNoConfirm')}</div> : null}
            </div>
          ))
        )}
      </span>
      <span role="cell">
        <DataBar used={s.bytesIn + s.bytesOut} limit={s.dataLimitBytes} />
      </span>
      <span role="cell">
        <TimeLeft session={s} />
      </span>
      <span role="cell" className="muted">
        <Ago at={s.lastUpdateAt} />
      </span>
      <span role="cell" className="actions">
        {failed.length ? (
          // Beside Top up and End (a live session) the short label, so the three fit the row.
          <Button kind="danger" size="sm" onClick={() => void retry()} title={failed[0]!.disconnectError ?? undefined} aria-label={t('sessions.retryDisconnect')}>
            {live ? t('sessions.retry') : t('sessions.retryDisconnect')}
          </Button>
        ) : pending ? (
          <span className="muted">{t('sessions.disconnecting')}</span>
        ) : null}
        {live ? (
          <>
            <Button kind="ghost" size="sm" onClick={() => onTopUp(s)}>
              {t('sessions.topUp')}
            </Button>
            <Button kind="ghost" size="sm" className="btn-end" onClick={() => onEnd(s)}>
              {t('sessions.end')}
            </Button>
          </>
        ) : null}
      </span>
    </div>
  );
});

/** Time left, ticking every second while devices are online. */
function TimeLeft({ session }: { session: SessionView }) {
  const now = useNow();
  const t = useT();
  if (!isLive(session.state)) return <span className="muted">{t('sessions.timeEnded')}</span>;
  const left = timeLeftAt(session, now);
  if (left === null) return <span className="muted">{t('sessions.noTimeLimit')}</span>;
  return <span className={`mono${left < 300 && session.state === 'ACTIVE' ? ' warn' : ''}`}>{formatDuration(left)}</span>;
}
