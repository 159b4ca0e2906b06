import { useState } from 'react';
import type { PackageView, PaymentEventView, PaymentSourceView, RouterView } from '../../../shared/domain';
import { Ago } from '../../components/ago';
import { Button } from '../../components/button';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { LoadedView } from '../../components/loaded-view';
import { SessionDetails } from '../../components/session-details';
import { Empty } from '../../components/states';
import { TableHead } from '../../components/table-head';
import { CopyRow } from '../../components/copy-row';
import { formatTime, useMoney } from '../../lib/format';
import { act } from '../../lib/sync';
import { useLoaded } from '../../lib/use-loaded';
import { api } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { useUi } from '../../stores/ui';
import { gateText, sourceKinds } from './payment-sources';
import { SourceForm } from './source-form';
import { SourceSecret } from './source-secret';
import './self-service-tab.css';

/** How many of the last events the table shows. */
const EVENTS_SHOWN = 20;

type Shown = { source: { name: string; key: string }; secret: string; replaced: boolean };

/**
 * Coin slots and e-wallet gateways that sell without the cashier: where their events go,
 * each source with today's takings and its refusals (what an admin setting a vendor's box
 * up needs to see), add / edit / disable / new secret, and the last events with how each
 * device got online.
 */
export function SelfServiceTab() {
  const version = useData((s) => s.paymentSourcesVersion);
  const routersVersion = useData((s) => s.routersVersion);
  const active = useData((s) => s.packages);
  const loaded = useLoaded(version, () => api()['paymentSources.list']({}));
  const events = useLoaded(version, () => api()['paymentSources.events']({ limit: EVENTS_SHOWN }));
  // The active list changes on packages.changed events: the full one (retired too) with it.
  const packages = useLoaded(active, () => api()['packages.list']({ includeRetired: true }));
  const routers = useLoaded(routersVersion, () => api()['routers.list']({}));
  const [editing, setEditing] = useState<PaymentSourceView | 'new' | null>(null);
  const [disabling, setDisabling] = useState<PaymentSourceView | null>(null);
  const [rotating, setRotating] = useState<PaymentSourceView | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [showing, setShowing] = useState<number | null>(null);

  const lan = loaded.data?.lan;
  const enable = (s: PaymentSourceView) => act(() => api()['paymentSources.update']({ id: s.id, enabled: true }), () => `${s.name} enabled: its events are taken again`);

  return (
    <section className="self-service">
      <div className="section-head">
        <h2>Self-service</h2>
        <span className="muted">Coin slots and e-wallet gateways that sell WiFi without the cashier</span>
        <Button kind="primary" onClick={() => setEditing('new')}>
          Add source
        </Button>
      </div>
      {lan ? <Endpoint lan={lan} /> : null}
      <LoadedView loaded={loaded} what="payment sources">
        {({ sources }) =>
          sources.length === 0 ? (
            <Empty title="No payment source yet">Add the coin slot or e-wallet gateway, then give its vendor the key, the secret and the address above.</Empty>
          ) : (
            <div className="router-list">
              {sources.map((s) => (
                <SourceCard key={s.id} source={s} packages={packages.data ?? []} routers={routers.data ?? []} onEdit={() => setEditing(s)} onDisable={() => setDisabling(s)} onEnable={() => void enable(s)} onRotate={() => setRotating(s)} />
              ))}
            </div>
          )
        }
      </LoadedView>
      <h3 className="self-service-events-title">Recent events</h3>
      <LoadedView loaded={events} what="payment events">
        {({ events: list }) => (list.length === 0 ? <Empty title="No payment yet">Each payment a source sends shows here: the device, what it bought and how it got online.</Empty> : <EventsTable events={list} onShowSession={setShowing} />)}
      </LoadedView>
      {editing ? (
        <SourceForm
          source={editing === 'new' ? null : editing}
          packages={packages.data ?? active}
          routers={routers.data ?? []}
          onClose={() => setEditing(null)}
          onCreated={(source, secret) => {
            setEditing(null);
            setShown({ source, secret, replaced: false });
          }}
        />
      ) : null}
      {disabling ? (
        <ConfirmDialog
          title={`Disable ${disabling.name}?`}
          confirm="Disable"
          cancel="Keep it on"
          onClose={() => setDisabling(null)}
          onConfirm={async () => {
            await api()['paymentSources.update']({ id: disabling.id, enabled: false });
            useUi.getState().toast('ok', `${disabling.name} disabled: its events are refused`);
          }}
        >
          <p>From now on its events are refused: a customer paying there gets no WiFi. Sessions it already sold keep running. Enable it again any time.</p>
        </ConfirmDialog>
      ) : null}
      {rotating ? (
        <ConfirmDialog
          title={`New secret for ${rotating.name}?`}
          confirm="New secret"
          cancel="Keep the old one"
          onClose={() => setRotating(null)}
          onConfirm={async () => {
            const { secret } = await api()['paymentSources.rotateSecret']({ id: rotating.id });
            setShown({ source: rotating, secret, replaced: true });
          }}
        >
          <p>The old secret stops working now: its events are refused until the device is given the new one.</p>
        </ConfirmDialog>
      ) : null}
      {shown ? <SourceSecret source={shown.source} secret={shown.secret} replaced={shown.replaced} urls={lan?.urls ?? []} onClose={() => setShown(null)} /> : null}
      {showing !== null ? <SessionDetails id={showing} onClose={() => setShowing(null)} /> : null}
    </section>
  );
}

/** Where the sources send their events (this PC's LAN port), or why nothing can arrive. */
function Endpoint({ lan }: { lan: { listening: boolean; path: string; urls: string[]; error: string | null } }) {
  if (!lan.listening) {
    return (
      <p className="form-error" role="alert">
        The LAN port is not listening{lan.error ? `: ${lan.error}` : ''}. Coin slots and e-wallet gateways cannot sell until this is fixed.
      </p>
    );
  }
  return (
    <div className="source-endpoint">
      <span className="source-endpoint-label">Events go to</span>
      {lan.urls.length === 0 ? <span className="muted">{lan.path} on this PC’s LAN port</span> : null}
      {lan.urls.map((u) => (
        <CopyRow key={u} text={u} what="Address" />
      ))}
    </div>
  );
}

interface SourceCardProps {
  source: PaymentSourceView;
  packages: PackageView[];
  routers: RouterView[];
  onEdit: () => void;
  onDisable: () => void;
  onEnable: () => void;
  onRotate: () => void;
}

function SourceCard({ source: s, packages, routers, onEdit, onDisable, onEnable, onRotate }: SourceCardProps) {
  const money = useMoney();
  const name = (id: number) => packages.find((p) => p.id === id)?.name ?? `package #${id}`;
  const router = s.routerId === null ? 'any router with API access' : (routers.find((r) => r.id === s.routerId)?.name ?? `router #${s.routerId}`);
  return (
    <article className={`router-card source-card${s.enabled ? '' : ' source-disabled'}`} aria-label={`Payment source ${s.name}`}>
      <header>
        <div>
          <h3>{s.name}</h3>
          <div className="muted">
            <span className="mono">{s.key}</span> · {sourceKinds[s.kind]}
          </div>
        </div>
        <span className={`status source-status ${s.enabled ? 'status-ok' : 'status-bad'}`}>{s.enabled ? 'Enabled' : 'Disabled'}</span>
      </header>
      <dl className="counters">
        <div>
          <dt>Sales today</dt>
          <dd>{s.today.count}</dd>
        </div>
        <div>
          <dt>Taken today</dt>
          <dd>{money(s.today.totalMinor)}</dd>
        </div>
        <div>
          <dt>Last event</dt>
          <dd>
            <Ago at={s.lastEventAt} />
          </dd>
        </div>
        <div className={s.refused.count ? 'source-refused' : undefined}>
          <dt>Refused</dt>
          <dd title="Events refused since the app started">{s.refused.count}</dd>
        </div>
      </dl>
      {s.refused.lastReason ? (
        <div className="source-refusal">
          Last refused{s.refused.lastAt !== null ? ` ${formatTime(s.refused.lastAt)}` : ''}: {s.refused.lastReason}
        </div>
      ) : null}
      <div className="muted small">
        Sells {s.packageIds.map((id) => (id === s.defaultPackageId ? `${name(id)} (default)` : name(id))).join(', ')}
        {' · '}
        {s.dailyCapMinor === null ? 'no daily cap' : `daily cap ${money(s.dailyCapMinor)}`}
        {' · '}
        router: {router}
      </div>
      <footer className="row-actions">
        <Button kind="ghost" size="sm" onClick={onEdit}>
          Edit
        </Button>
        {/* Two buttons, not one relabelled: the focus a confirmed Disable returns to must not become Enable under a second Enter. */}
        {s.enabled ? (
          <Button key="disable" kind="ghost" size="sm" className="btn-end" onClick={onDisable}>
            Disable
          </Button>
        ) : (
          <Button key="enable" kind="ghost" size="sm" onClick={onEnable}>
            Enable
          </Button>
        )}
        <Button kind="ghost" size="sm" onClick={onRotate}>
          New secret…
        </Button>
      </footer>
    </article>
  );
}

/** The last events: what each sold to which device, and how the device got online. */
function EventsTable({ events, onShowSession }: { events: PaymentEventView[]; onShowSession: (id: number) => void }) {
  const money = useMoney();
  return (
    <table className="plain-table source-events" aria-label="Recent payment events">
      <TableHead columns={['Time', 'Source', 'Device', '#Amount', 'Package', 'Reference', 'Sold', 'Voucher', 'Gate']} />
      <tbody>
        {events.map((e) => {
          const gate = gateText(e, (at) => formatTime(at));
          return (
            <tr key={`${e.sourceId}:${e.eventId}`}>
              <td className="source-event-time">{formatTime(e.receivedAt)}</td>
              <td>{e.sourceName}</td>
              <td>
                <span className="mono">{e.mac}</span>
                {e.ip ? <div className="sub mono">{e.ip}</div> : null}
              </td>
              <td className="num">{money(e.amountMinor)}</td>
              <td>{e.packageName}</td>
              <td className="mono">{e.reference ?? <span className="muted">–</span>}</td>
              <td>{e.outcome === 'new' ? 'New' : 'Top-up'}</td>
              <td>
                <button type="button" className="link mono" onClick={() => onShowSession(e.sessionId)} title="Details">
                  {e.voucherCode}
                </button>
              </td>
              <td>
                {gate.text}
                {gate.note ? <div className={`sub-wrap${gate.problem ? ' source-gate-problem' : ''}`}>{gate.note}</div> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
