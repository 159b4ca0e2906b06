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
import { RouterForm } from './router-form';

type Stats = RadiusStatus['routers'][number];
type Outcome = { title: string; ok: boolean; lines: string[] };
type RouterAction = 'test' | 'provision' | 'reconcile';

/** What an admin can do with a router over its RouterOS API. */
const routerActions: { what: RouterAction; label: string; title: string }[] = [
  { what: 'test', label: 'Test connection', title: 'Log in to the API and read the router’s name and version' },
  { what: 'provision', label: 'Provision', title: 'Set the router up for this PC: RADIUS client, incoming CoA, Hotspot profiles' },
  { what: 'reconcile', label: 'Check devices', title: 'Compare who is online on the router with the open sessions here' },
];

/** The MikroTik routers this PC serves: RADIUS secret and CoA port, API access, Test/Provision/Reconcile, counters. */
export function RoutersTab() {
  const version = useData((s) => s.routersVersion);
  const radius = useData((s) => s.radius);
  const loaded = useLoaded(version, () => api()['routers.list']({}));
  const [editing, setEditing] = useState<RouterView | 'new' | null>(null);
  const [removing, setRemoving] = useState<RouterView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  // Counters move with traffic: refresh them while this tab is open.
  useEffect(() => {
    const t = setInterval(() => loadStatus().catch(() => undefined), 3000);
    return () => clearInterval(t);
  }, []);

  const run = async (r: RouterView, what: RouterAction) => {
    setBusy(`${what}:${r.id}`);
    try {
      setOutcome(await runOnRouter(r, what));
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
        <h2>Routers</h2>
        <span className="muted">
          RADIUS on {radius?.host ?? '?'} ports {radius?.authPort ?? '–'}/{radius?.acctPort ?? '–'}
          {radius?.drops.unknown_client ? ` · ${radius.drops.unknown_client} packets from unknown routers dropped` : ''}
        </span>
        <Button kind="primary" onClick={() => setEditing('new')}>
          Add router
        </Button>
      </div>
      <LoadedView loaded={loaded} what="routers">
        {(routers) =>
          routers.length === 0 ? (
            <Empty title="No router yet">Add your MikroTik by the address it sends RADIUS from, with a shared secret. With API access, Provision sets it up for you.</Empty>
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
          title={`Remove ${removing.name}?`}
          confirm="Remove"
          cancel="Keep it"
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await api()['routers.remove']({ id: removing.id });
            useUi.getState().toast('ok', `Removed ${removing.name}; its history stays`);
          }}
        >
          <p>RADIUS requests from {removing.ip} will be dropped from now on, so its customers cannot log in. Past sessions and counters stay in History.</p>
        </ConfirmDialog>
      ) : null}
      {outcome ? (
        <Dialog title={outcome.title} onClose={() => setOutcome(null)}>
          <p className={outcome.ok ? 'ok-text' : 'form-error'}>{outcome.ok ? 'Done.' : 'It did not work.'}</p>
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

async function runOnRouter(r: RouterView, what: RouterAction): Promise<Outcome> {
  if (what === 'test') {
    const t = await api()['routers.test']({ id: r.id });
    return { title: `Test ${r.name}`, ok: t.ok, lines: t.ok ? [`Identity: ${t.identity ?? '?'}`, `RouterOS ${t.version ?? '?'}`, `Board: ${t.board ?? '?'}`] : [t.error ?? 'No answer'] };
  }
  if (what === 'provision') {
    const p = await api()['routers.provision']({ id: r.id });
    return {
      title: `Provision ${r.name}`,
      ok: p.ok,
      lines: [...(p.serverAddress ? [`This PC's address for the router: ${p.serverAddress}`] : []), ...p.steps.map((s) => `${s.changed ? 'Set' : 'Already set'}: ${s.what}`), ...(p.error ? [p.error] : [])],
    };
  }
  const c = await api()['routers.reconcile']({ id: r.id });
  return {
    title: `Check ${r.name}`,
    ok: c.ok,
    lines: c.ok ? [`${c.active} device${c.active === 1 ? '' : 's'} online on the router`, `${c.closed} stale connection${c.closed === 1 ? '' : 's'} closed`, `${c.kicked} device${c.kicked === 1 ? '' : 's'} of ended sessions removed`, `${c.unaccounted} online without a session here`] : [c.error ?? 'No answer'],
  };
}

function RouterCard({ router: r, stats, busy, onEdit, onRemove, onRun }: { router: RouterView; stats: Stats | undefined; busy: string | null; onEdit: () => void; onRemove: () => void; onRun: (what: RouterAction) => void }) {
  const drops = Object.entries(stats?.drops ?? {}).filter(([, n]) => n > 0);
  const now = useMinute();
  const seen = r.lastSeenAt ?? stats?.lastSeenAt ?? null;
  return (
    <article className="router-card" aria-label={`Router ${r.name}`}>
      <header>
        <div>
          <h3>{r.name}</h3>
          <div className="muted mono">
            {r.ip} · CoA port {r.coaPort}
          </div>
        </div>
        <span className={`status ${seen && now - seen < 5 * 60_000 ? 'status-ok' : 'status-neutral'}`}>{seen ? `seen ${formatTime(seen)}` : 'not seen yet'}</span>
      </header>
      <dl className="counters">
        <div>
          <dt>Online</dt>
          <dd>{stats?.openConnections ?? 0}</dd>
        </div>
        <div>
          <dt>Logins</dt>
          <dd>
            {stats?.accepts ?? 0} ok / {stats?.rejects ?? 0} refused
          </dd>
        </div>
        <div>
          <dt>Accounting</dt>
          <dd>{stats?.accountingRequests ?? 0}</dd>
        </div>
        <div>
          <dt>Dropped</dt>
          <dd title={drops.map(([k, n]) => `${k}: ${n}`).join(', ')}>{drops.reduce((a, [, n]) => a + n, 0)}</dd>
        </div>
      </dl>
      <div className="muted small">
        Message-Authenticator: {r.requireMessageAuthenticator === 'auto' ? (r.messageAuthenticatorSeen ? 'required (seen from this router)' : 'required once seen') : r.requireMessageAuthenticator === 'yes' ? 'required' : 'not required'}
        {' · '}
        {r.api ? `API ${r.api.user}@${r.api.host}:${r.api.port}${r.api.tls ? ' (TLS)' : ''}` : 'no API access'}
      </div>
      <footer className="row-actions">
        <Button kind="ghost" size="sm" onClick={onEdit}>
          Edit
        </Button>
        {routerActions.map((a) => (
          <Button key={a.what} kind="ghost" size="sm" disabled={!r.api} busy={busy === `${a.what}:${r.id}`} onClick={() => onRun(a.what)} title={r.api ? a.title : 'Give API access first (Edit)'}>
            {a.label}
          </Button>
        ))}
        <Button kind="ghost" size="sm" onClick={onRemove}>
          Remove
        </Button>
      </footer>
    </article>
  );
}
