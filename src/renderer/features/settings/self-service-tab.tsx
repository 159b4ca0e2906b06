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
import { useT } from '../../i18n';
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
  const t = useT();

  const lan = loaded.data?.lan;
  const enable = (s: PaymentSourceView) => act(() => api()['paymentSources.update']({ id: s.id, enabled: true }), () => t('routers.self.enabled', { name: s.name }));

  return (
    <section className="self-service">
      <div className="section-head">
        <h2>{t('routers.self.title')}</h2>
        <span className="muted">{t('routers.self.subtitle')}</span>
        <Button kind="primary" onClick={() => setEditing('new')}>
          {t('routers.self.add')}
        </Button>
      </div>
      {lan ? <Endpoint lan={lan} /> : null}
      <LoadedView loaded={loaded} what={t('routers.self.loadingSources')}>
        {({ sources }) =>
          sources.length === 0 ? (
            <Empty title={t('routers.self.emptyTitle')}>{t('routers.self.emptyBody')}</Empty>
          ) : (
            <div className="router-list">
              {sources.map((s) => (
                <SourceCard key={s.id} source={s} packages={packages.data ?? []} routers={routers.data ?? []} onEdit={() => setEditing(s)} onDisable={() => setDisabling(s)} onEnable={() => void enable(s)} onRotate={() => setRotating(s)} />
              ))}
            </div>
          )
        }
      </LoadedView>
      <h3 className="self-service-events-title">{t('routers.self.recentEvents')}</h3>
      <LoadedView loaded={events} what={t('routers.self.loadingEvents')}>
        {({ events: list }) => (list.length === 0 ? <Empty title={t('routers.self.noEventsTitle')}>{t('routers.self.noEventsBody')}</Empty> : <EventsTable events={list} onShowSession={setShowing} />)}
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
          title={t('routers.self.disableTitle', { name: disabling.name })}
          confirm={t('common.disable')}
          cancel={t('routers.self.keepOn')}
          onClose={() => setDisabling(null)}
          onConfirm={async () => {
            await api()['paymentSources.update']({ id: disabling.id, enabled: false });
            useUi.getState().toast('ok', t('routers.self.disabled', { name: disabling.name }));
          }}
        >
          <p>{t('routers.self.disableBody')}</p>
        </ConfirmDialog>
      ) : null}
      {rotating ? (
        <ConfirmDialog
          title={t('routers.self.rotateTitle', { name: rotating.name })}
          confirm={t('routers.secret.new')}
          cancel={t('routers.secret.keepOld')}
          onClose={() => setRotating(null)}
          onConfirm={async () => {
            const { secret } = await api()['paymentSources.rotateSecret']({ id: rotating.id });
            setShown({ source: rotating, secret, replaced: true });
          }}
        >
          <p>{t('routers.self.rotateBody')}</p>
        </ConfirmDialog>
      ) : null}
      {shown ? <SourceSecret source={shown.source} secret={shown.secret} replaced={shown.replaced} urls={lan?.urls ?? []} onClose={() => setShown(null)} /> : null}
      {showing !== null ? <SessionDetails id={showing} onClose={() => setShowing(null)} /> : null}
    </section>
  );
}

/** Where the sources send their events (this PC's LAN port), or why nothing can arrive. */
function Endpoint({ lan }: { lan: { listening: boolean; path: string; urls: string[]; error: string | null } }) {
  const t = useT();
  if (!lan.listening) {
    return (
      <p className="form-error" role="alert">
        {lan.error ? t('routers.self.lanDownBecause', { error: lan.error }) : t('routers.self.lanDown')}
      </p>
    );
  }
  return (
    <div className="source-endpoint">
      <span className="source-endpoint-label">{t('routers.self.eventsGoTo')}</span>
      {lan.urls.length === 0 ? <span className="muted">{t('routers.self.lanPath', { path: lan.path })}</span> : null}
      {lan.urls.map((u) => (
        <CopyRow key={u} text={u} what={t('routers.what.address')} />
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
  const t = useT();
  const name = (id: number) => packages.find((p) => p.id === id)?.name ?? t('routers.source.package', { id });
  const router = s.routerId === null ? t('routers.source.anyRouter') : (routers.find((r) => r.id === s.routerId)?.name ?? t('routers.source.router', { id: s.routerId }));
  return (
    <article className={`router-card source-card${s.enabled ? '' : ' source-disabled'}`} aria-label={t('routers.source.label', { name: s.name })}>
      <header>
        <div>
          <h3>{s.name}</h3>
          <div className="muted">
            <span className="mono">{s.key}</span> · {t(sourceKinds[s.kind])}
          </div>
        </div>
        <span className={`status source-status ${s.enabled ? 'status-ok' : 'status-bad'}`}>{s.enabled ? t('common.enabled') : t('common.disabled')}</span>
      </header>
      <dl className="counters">
        <div>
          <dt>{t('routers.source.salesToday')}</dt>
          <dd>{s.today.count}</dd>
        </div>
        <div>
          <dt>{t('routers.source.takenToday')}</dt>
          <dd>{money(s.today.totalMinor)}</dd>
        </div>
        <div>
          <dt>{t('routers.source.lastEvent')}</dt>
          <dd>
            <Ago at={s.lastEventAt} />
          </dd>
        </div>
        <div className={s.refused.count ? 'source-refused' : undefined}>
          <dt>{t('routers.source.refused')}</dt>
          <dd title={t('routers.source.refusedTitle')}>{s.refused.count}</dd>
        </div>
      </dl>
      {s.refused.lastReason ? (
        <div className="source-refusal">
          {s.refused.lastAt !== null ? t('routers.source.lastRefusedAt', { time: formatTime(s.refused.lastAt), reason: s.refused.lastReason }) : t('routers.source.lastRefused', { reason: s.refused.lastReason })}
        </div>
      ) : null}
      <div className="muted small">
        {t('routers.source.sells', { packages: s.packageIds.map((id) => (id === s.defaultPackageId ? t('routers.source.defaultPackage', { name: name(id) }) : name(id))).join(', ') })}
        {' · '}
        {s.dailyCapMinor === null ? t('routers.source.noCap') : t('routers.source.cap', { amount: money(s.dailyCapMinor) })}
        {' · '}
        {t('routers.source.routerIs', { router })}
      </div>
      <footer className="row-actions">
        <Button kind="ghost" size="sm" onClick={onEdit}>
          {t('common.edit')}
        </Button>
        {/* Two buttons, not one relabelled: the focus a confirmed Disable returns to must not become Enable under a second Enter. */}
        {s.enabled ? (
          <Button key="disable" kind="ghost" size="sm" className="btn-end" onClick={onDisable}>
            {t('common.disable')}
          </Button>
        ) : (
          <Button key="enable" kind="ghost" size="sm" onClick={onEnable}>
            {t('common.enable')}
          </Button>
        )}
        <Button kind="ghost" size="sm" onClick={onRotate}>
          {t('routers.secret.newMore')}
        </Button>
      </footer>
    </article>
  );
}

/** The last events: what each sold to which device, and how the device got online. */
function EventsTable({ events, onShowSession }: { events: PaymentEventView[]; onShowSession: (id: number) => void }) {
  const money = useMoney();
  const t = useT();
  return (
    <table className="plain-table source-events" aria-label={t('routers.events.table')}>
      <TableHead
        columns={[
          t('routers.events.time'),
          t('routers.events.source'),
          t('routers.events.device'),
          `#${t('routers.events.amount')}`,
          t('routers.events.package'),
          t('routers.events.reference'),
          t('routers.events.sold'),
          t('routers.events.voucher'),
          t('routers.events.gate'),
        ]}
      />
      <tbody>
        {events.map((e) => {
          const gate = gateText(e, (at) => formatTime(at), t);
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
              <td>{e.outcome === 'new' ? t('routers.events.new') : t('routers.events.topUp')}</td>
              <td>
                <button type="button" className="link mono" onClick={() => onShowSession(e.sessionId)} title={t('routers.events.details')}>
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
