import { useEffect, useState } from 'react';
import type { RadiusStatus, RouterView } from '../../../shared/domain';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { LoadedView } from '../../components/loaded-view';
import { Empty } from '../../components/states';
import { formatTime } from '../../lib/format';
import { loadStatus, reportError } from '../../lib/sync';
import { useLoaded } from '../../lib/use-loaded';
import { useMinute } from '../../stores/clock';
import { api } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { useUi } from '../../stores/ui';
import { useT, type MessageId, type Translate } from '../../i18n';
import { RouterForm } from './router-form';

type Stats = RadiusStatus['routers'][number];
type Outcome = { title: string; ok: boolean; lines: string[] };
type RouterAction = 'test' | 'provision' | 'reconcile';

/** What an admin can do with a router over its RouterOS API. */
const routerActions: { what: RouterAction; label: MessageId; title: MessageId }[] = [
  { what: 'test', label: 'routers.action.test', title: 'routers.action.testTitle' },
  { what: 'provision', label: 'routers.action.provision', title: 'routers.action.provisionTitle' },
  { what: 'reconcile', label: 'routers.action.reconcile', title: 'routers.action.reconcileTitle' },
];

/** The MikroTik routers this PC serves: RADIUS secret and CoA port, API access, Test/Provision/Reconcile, counters. */
export function RoutersTab() {
  const t = useT();
  const version = useData((s) => s.routersVersion);
  const radius = useData((s) => s.radius);
  const loaded = useLoaded(version, () => api()['routers.list']({}));
  const [editing, setEditing] = useState<RouterView | 'new' | null>(null);
  const [removing, setRemoving] = useState<RouterView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  // Counters move with traffic: refresh them while this tab is open.
  useEffect(() => {
    const timer = setInterval(() => loadStatus().catch(() => undefined), 3000);
    return () => clearInterval(timer);
  }, []);

  const run = async (r: RouterView, what: RouterAction) => {
    setBusy(`${what}:${r.id}`);
    try {
      setOutcome(await runOnRouter(r, what, t));
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(null);
    }
  };

  const stats = new Map((radius?.routers ?? []).map((s) => [s.routerId, s]));
  return (
    <section>
      <div className="section-head">
        <h2>{t('routers.tab.title')}</h2>
        <span className="muted">
          {t('routers.tab.radius', { host: radius?.host ?? '?', authPort: radius?.authPort ?? '–', acctPort: radius?.acctPort ?? '–' })}
          {radius?.drops.unknown_client ? ` · ${t('routers.tab.unknownDropped', { count: radius.drops.unknown_client })}` : ''}
        </span>
        <Button kind="primary" onClick={() => setEditing('new')}>
          {t('routers.tab.add')}
        </Button>
      </div>
      <LoadedView loaded={loaded} what={t('routers.tab.loadingWhat')}>
        {(routers) =>
          routers.length === 0 ? (
            <Empty title={t('routers.tab.emptyTitle')}>{t('routers.tab.emptyBody')}</Empty>
          ) : (
            <div className="router-list">
              {routers.map((r) => (
                <RouterCard key={r.id} router={r} stats={stats.get(r.id)} busy={busy} onEdit={() => setEditing(r)} onRemove={() => setRemoving(r)} onRun={(what) => void run(r, what)} />
              ))}
            </div>
          )
        }
      </LoadedView>
      {editing ? <RouterForm router={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      {removing ? (
        <ConfirmDialog
          title={t('routers.tab.removeTitle', { name: removing.name })}
          confirm={t('common.remove')}
          cancel={t('routers.tab.keepIt')}
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await api()['routers.remove']({ id: removing.id });
            useUi.getState().toast('ok', t('routers.tab.removed', { name: removing.name }));
          }}
        >
          <p>{t('routers.tab.removeBody', { ip: removing.ip })}</p>
        </ConfirmDialog>
      ) : null}
      {outcome ? (
        <Dialog title={outcome.title} onClose={() => setOutcome(null)}>
          <p className={outcome.ok ? 'ok-text' : 'form-error'}>{outcome.ok ? t('routers.tab.outcomeOk') : t('routers.tab.outcomeFailed')}</p>
          <ul className="steps">
            {outcome.lines.map((l, i) => (
              <li key={i}>{l}</li>
            ))}
          </ul>
        </Dialog>
      ) : null}
    </section>
  );
}

async function runOnRouter(r: RouterView, what: RouterAction, t: Translate): Promise<Outcome> {
  if (what === 'test') {
    const x = await api()['routers.test']({ id: r.id });
    return {
      title: t('routers.outcome.testTitle', { name: r.name }),
      ok: x.ok,
      lines: x.ok ? [t('routers.outcome.identity', { identity: x.identity ?? '?' }), t('routers.outcome.version', { version: x.version ?? '?' }), t('routers.outcome.board', { board: x.board ?? '?' })] : [x.error ?? t('routers.outcome.noAnswer')],
    };
  }
  if (what === 'provision') {
    const p = await api()['routers.provision']({ id: r.id });
    return {
      title: t('routers.outcome.provisionTitle', { name: r.name }),
      ok: p.ok,
      lines: [
        ...(p.serverAddress ? [t('routers.outcome.serverAddress', { address: p.serverAddress })] : []),
        ...p.steps.map((s) => t(s.changed ? 'routers.outcome.stepSet' : 'routers.outcome.stepAlreadySet', { what: s.what })),
        ...(p.error ? [p.error] : []),
      ],
    };
  }
  const c = await api()['routers.reconcile']({ id: r.id });
  return {
    title: t('routers.outcome.checkTitle', { name: r.name }),
    ok: c.ok,
    lines: c.ok
      ? [t('routers.outcome.active', { count: c.active }), t('routers.outcome.closed', { count: c.closed }), t('routers.outcome.kicked', { count: c.kicked }), t('routers.outcome.unaccounted', { count: c.unaccounted })]
      : [c.error ?? t('routers.outcome.noAnswer')],
  };
}

function RouterCard({ router: r, stats, busy, onEdit, onRemove, onRun }: { router: RouterView; stats: Stats | undefined; busy: string | null; onEdit: () => void; onRemove: () => void; onRun: (what: RouterAction) => void }) {
  const t = useT();
  const drops = Object.entries(stats?.drops ?? {}).filter(([, n]) => n > 0);
  const now = useMinute();
  const seen = r.lastSeenAt ?? stats?.lastSeenAt ?? null;
  return (
    <article className="router-card" aria-label={t('routers.card.label', { name: r.name })}>
      <header>
        <div>
          <h3>{r.name}</h3>
          <div className="muted mono">{t('routers.card.address', { ip: r.ip, port: r.coaPort })}</div>
        </div>
        <span className={`status ${seen && now - seen < 5 * 60_000 ? 'status-ok' : 'status-neutral'}`}>{seen ? t('routers.card.seen', { time: formatTime(seen) }) : t('routers.card.notSeen')}</span>
      </header>
      <dl className="counters">
        <div>
          <dt>{t('routers.card.online')}</dt>
          <dd>{stats?.openConnections ?? 0}</dd>
        </div>
        <div>
          <dt>{t('routers.card.logins')}</dt>
          <dd>{t('routers.card.loginCounts', { accepts: stats?.accepts ?? 0, rejects: stats?.rejects ?? 0 })}</dd>
        </div>
        <div>
          <dt>{t('routers.card.accounting')}</dt>
          <dd>{stats?.accountingRequests ?? 0}</dd>
        </div>
        <div>
          <dt>{t('routers.card.dropped')}</dt>
          <dd title={drops.map(([k, n]) => `${k}: ${n}`).join(', ')}>{drops.reduce((a, [, n]) => a + n, 0)}</dd>
        </div>
      </dl>
      <div className="muted small">
        {t(r.requireMessageAuthenticator === 'auto' ? (r.messageAuthenticatorSeen ? 'routers.card.maRequiredSeen' : 'routers.card.maRequiredOnceSeen') : r.requireMessageAuthenticator === 'yes' ? 'routers.card.maRequired' : 'routers.card.maNotRequired')}
        {' · '}
        {r.api ? t(r.api.tls ? 'routers.card.apiTls' : 'routers.card.api', { address: `${r.api.user}@${r.api.host}:${r.api.port}` }) : t('routers.card.noApi')}
      </div>
      <footer className="row-actions">
        <Button kind="ghost" size="sm" onClick={onEdit}>
          {t('common.edit')}
        </Button>
        {routerActions.map((a) => (
          <Button key={a.what} kind="ghost" size="sm" disabled={!r.api} busy={busy === `${a.what}:${r.id}`} onClick={() => onRun(a.what)} title={r.api ? t(a.title) : t('routers.action.needsApi')}>
            {t(a.label)}
          </Button>
        ))}
        <Button kind="ghost" size="sm" onClick={onRemove}>
          {t('common.remove')}
        </Button>
      </footer>
    </article>
  );
}
