import { memo, useMemo, useState } from 'react';
import type { SessionView } from '../../../shared/domain';
import { timeLeftAt } from '../../../shared/engine/countdown';
import { formatBytes, formatDuration } from '../../../shared/format';
import { Button } from '../../components/button';
import { StatePill } from '../../components/state-pill';
import { Empty, Loading } from '../../components/states';
import { useT } from '../../i18n';
import { useNow } from '../../stores/clock';
import { useData } from '../../stores/data';

/** Cards shown at first (and added by "Show more"): a phone need not draw a busy café's thousand sessions. */
const SHOWN = 60;

/** The live sessions as the data store mirrors them (the app's sync keeps it current), newest first, read only. */
export function OwnerSessions() {
  const t = useT();
  const loaded = useData((s) => s.sessionsLoaded);
  const sessions = useData((s) => s.sessions);
  const [shown, setShown] = useState(SHOWN);
  const list = useMemo(() => [...sessions.values()].sort((a, b) => b.id - a.id), [sessions]);
  const online = useMemo(() => list.filter((s) => s.devices.length > 0).length, [list]);
  if (!loaded) return <Loading what={t('owner.sessions.what')} />;
  if (list.length === 0) return <Empty title={t('owner.sessions.empty')}>{t('owner.sessions.emptyHint')}</Empty>;
  return (
    <div className="owner-page">
      <p className="owner-summary">{t('owner.sessions.summary', { count: list.length, online })}</p>
      <ul className="owner-list owner-sessions" aria-label={t('owner.sessions.label')}>
        {list.slice(0, shown).map((s) => (
          <SessionCard key={s.id} session={s} />
        ))}
      </ul>
      {list.length > shown ? (
        <Button kind="plain" className="owner-more" onClick={() => setShown((n) => n + SHOWN)}>
          {t('owner.sessions.more', { count: list.length - shown })}
        </Button>
      ) : null}
    </div>
  );
}

const SessionCard = memo(function SessionCard({ session: s }: { session: SessionView }) {
  const t = useT();
  const who = s.pcUser ? t('owner.sessions.pcUser', { user: s.pcUser }) : s.sourceName !== null ? t('owner.sessions.source', { name: s.sourceName }) : null;
  return (
    <li className="owner-item owner-session" aria-label={t('owner.sessions.card', { code: s.voucherCode })}>
      <div className="owner-line">
        <span className="owner-item-title mono">{s.voucherCode}</span>
        <StatePill state={s.state} online={s.devices.length > 0} />
      </div>
      <div className="owner-line owner-sub">
        <span className="owner-package">{s.packageName}</span>
        {who ? <span className="owner-who-sold">{who}</span> : null}
      </div>
      <dl className="owner-facts">
        <div>
          <dt>{t('owner.sessions.timeLeft')}</dt>
          <dd>
            <TimeLeft session={s} />
          </dd>
        </div>
        <div>
          <dt>{t('owner.sessions.dataLeft')}</dt>
          <dd>{s.remaining.dataBytes === null ? <span className="muted">{t('owner.sessions.noLimit')}</span> : formatBytes(Math.max(0, s.remaining.dataBytes))}</dd>
        </div>
        <div>
          <dt>{t('owner.sessions.devices')}</dt>
          <dd>{t('owner.sessions.devicesOf', { count: s.devices.length, limit: s.deviceLimit })}</dd>
        </div>
      </dl>
    </li>
  );
});

/** Time left, ticking every second while devices are online. */
function TimeLeft({ session }: { session: SessionView }) {
  const t = useT();
  const now = useNow();
  const left = timeLeftAt(session, now);
  if (left === null) return <span className="muted">{t('owner.sessions.noLimit')}</span>;
  return <span className={left < 300 && session.state === 'ACTIVE' ? 'warn' : undefined}>{formatDuration(left)}</span>;
}
